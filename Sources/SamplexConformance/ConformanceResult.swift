import Samplex

/// The verdict on one reference case.
public struct ConformanceResult: Sendable {
  public enum Verdict: Sendable, Equatable {
    case passed
    case failed(String)
    case skipped(String)
  }
  public let id: String
  public let verdict: Verdict
  /// The largest |got − want| and |got − want| / |want| over the case's compared values.
  public let maxAbsoluteError: Double
  public let maxRelativeError: Double

  public init(
    id: String, verdict: Verdict, maxAbsoluteError: Double = 0, maxRelativeError: Double = 0
  ) {
    self.id = id
    self.verdict = verdict
    self.maxAbsoluteError = maxAbsoluteError
    self.maxRelativeError = maxRelativeError
  }
}

/// Collects |got − want| comparisons under a tolerance `|got − want| ≤ atol + rtol·|want|`.
public struct ToleranceCheck: Sendable {
  public let absoluteTolerance: Double
  public let relativeTolerance: Double
  public private(set) var maxAbsoluteError = 0.0
  public private(set) var maxRelativeError = 0.0
  public private(set) var firstFailure: String?

  public init(absolute: Double = 0, relative: Double) {
    absoluteTolerance = absolute
    relativeTolerance = relative
  }

  /// Compares one value; remembers the first that is out of tolerance.
  public mutating func compare(_ got: Double, _ want: Double, _ what: @autoclosure () -> String) {
    let error = abs(got - want)
    maxAbsoluteError = max(maxAbsoluteError, error)
    if want != 0 { maxRelativeError = max(maxRelativeError, error / abs(want)) }
    if !(error <= absoluteTolerance + relativeTolerance * abs(want)), firstFailure == nil {
      firstFailure = "\(what()): got \(got), want \(want)"
    }
  }

  /// Compares two sequences element by element.
  public mutating func compare(_ got: [Double], _ want: [Double], _ what: String) {
    guard got.count == want.count else {
      if firstFailure == nil { firstFailure = "\(what): \(got.count) values, want \(want.count)" }
      return
    }
    for index in got.indices { compare(got[index], want[index], "\(what)[\(index)]") }
  }

  /// Records a failure that is not a numeric comparison.
  public mutating func fail(_ message: String) {
    if firstFailure == nil { firstFailure = message }
  }

  public func result(id: String) -> ConformanceResult {
    ConformanceResult(
      id: id, verdict: firstFailure.map { .failed($0) } ?? .passed,
      maxAbsoluteError: maxAbsoluteError, maxRelativeError: maxRelativeError)
  }
}
