/// A minibatch's query vectors X: `count` rows of `dimensions` floats, one after another (the
/// gathered input rows; in CBOW each the mean of its window's context rows), which a proposal
/// that follows the model scores against the output table.
public struct BatchQueries {
  public let rows: UnsafePointer<Float>
  public let count: Int
  public let dimensions: Int

  public init(rows: UnsafePointer<Float>, count: Int, dimensions: Int) {
    self.rows = rows
    self.count = count
    self.dimensions = dimensions
  }

  /// Row `i`.
  @inlinable
  public func row(_ i: Int) -> UnsafePointer<Float> { rows + i * dimensions }
}
