import Samplex

/// The mean of a sample with its spread: the bench's held-out cross-entropy over the held-out
/// pairs (its standard error says how sure the mean is) and over seeds (the SD says how much a
/// cell's result moves with the seed).
package struct SampleStatistics: Sendable, Equatable {
  /// How many values, and their mean (NaN for none).
  package let count: Int
  package let mean: Double
  /// The sample standard deviation (divisor count − 1); nil for fewer than two values.
  package let standardDeviation: Double?

  /// The statistics of `values`.
  package init(_ values: [Double]) {
    count = values.count
    mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    guard values.count > 1 else {
      standardDeviation = nil
      return
    }
    let mean = self.mean
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    standardDeviation = (squares / Double(values.count - 1)).squareRoot()
  }

  /// The standard error of the mean: SD / sqrt(count); nil for fewer than two values.
  package var standardError: Double? {
    standardDeviation.map { $0 / Double(count).squareRoot() }
  }
}
