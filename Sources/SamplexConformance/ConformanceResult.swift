import Samplex

/// The verdict on one reference case.
package struct ConformanceResult: Sendable {
  package enum Verdict: Sendable, Equatable {
    case passed
    case failed(String)
    case skipped(String)
  }
  package let id: String
  package let verdict: Verdict
  /// The largest |got − want| and |got − want| / |want| over the case's compared values.
  package let maxAbsoluteError: Double
  package let maxRelativeError: Double

  package init(
    id: String, verdict: Verdict, maxAbsoluteError: Double = 0, maxRelativeError: Double = 0
  ) {
    self.id = id
    self.verdict = verdict
    self.maxAbsoluteError = maxAbsoluteError
    self.maxRelativeError = maxRelativeError
  }
}

/// Collects |got − want| comparisons under a tolerance `|got − want| ≤ atol + rtol·|want|`.
package struct ToleranceCheck: Sendable {
  package let absoluteTolerance: Double
  package let relativeTolerance: Double
  package private(set) var maxAbsoluteError = 0.0
  package private(set) var maxRelativeError = 0.0
  package private(set) var firstFailure: String?

  package init(absolute: Double = 0, relative: Double) {
    absoluteTolerance = absolute
    relativeTolerance = relative
  }

  /// Compares one value; remembers the first that is out of tolerance.
  package mutating func compare(_ got: Double, _ want: Double, _ what: @autoclosure () -> String) {
    let error = abs(got - want)
    maxAbsoluteError = max(maxAbsoluteError, error)
    if want != 0 { maxRelativeError = max(maxRelativeError, error / abs(want)) }
    if !(error <= absoluteTolerance + relativeTolerance * abs(want)), firstFailure == nil {
      firstFailure = "\(what()): got \(got), want \(want)"
    }
  }

  /// Compares two sequences element by element.
  package mutating func compare(_ got: [Double], _ want: [Double], _ what: String) {
    guard got.count == want.count else {
      if firstFailure == nil { firstFailure = "\(what): \(got.count) values, want \(want.count)" }
      return
    }
    for index in got.indices { compare(got[index], want[index], "\(what)[\(index)]") }
  }

  /// Records a failure that is not a numeric comparison.
  package mutating func fail(_ message: String) {
    if firstFailure == nil { firstFailure = message }
  }

  package func result(id: String) -> ConformanceResult {
    ConformanceResult(
      id: id, verdict: firstFailure.map { .failed($0) } ?? .passed,
      maxAbsoluteError: maxAbsoluteError, maxRelativeError: maxRelativeError)
  }
}
