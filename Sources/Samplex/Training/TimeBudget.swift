import Dispatch

/// A run's wall-clock budget: the clock starts when the budget is made, and the run ends once
/// `seconds` have passed (`samplex bench` gives every cell the same one).
public struct TimeBudget: Sendable {
  public let seconds: Double
  /// When the clock started, in `DispatchTime` uptime nanoseconds.
  public let startNanoseconds: UInt64

  /// A budget of `seconds` from now.
  public init(seconds: Double) {
    precondition(seconds > 0, "a time budget must be positive")
    self.seconds = seconds
    startNanoseconds = DispatchTime.now().uptimeNanoseconds
  }

  /// Seconds since the clock started.
  public var elapsed: Double {
    Double(DispatchTime.now().uptimeNanoseconds &- startNanoseconds) / 1e9
  }

  /// The share of the budget spent, 0…1.
  public var spent: Double { min(elapsed / seconds, 1) }

  /// Seconds left before the budget is spent, 0 once it is.
  public var remaining: Double { max(seconds - elapsed, 0) }

  public var isSpent: Bool { elapsed >= seconds }
}
