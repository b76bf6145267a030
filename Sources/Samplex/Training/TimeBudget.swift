import Dispatch

/// A run's wall-clock budget: the clock starts when the budget is made, and the run ends once
/// `seconds` have passed (`samplex bench` gives every cell the same one).
package struct TimeBudget: Sendable {
  package let seconds: Double
  /// When the clock started, in `DispatchTime` uptime nanoseconds.
  package let startNanoseconds: UInt64

  /// A budget of `seconds` from now.
  package init(seconds: Double) {
    precondition(seconds > 0, "a time budget must be positive")
    self.seconds = seconds
    startNanoseconds = DispatchTime.now().uptimeNanoseconds
  }

  /// Seconds since the clock started.
  package var elapsed: Double {
    Double(DispatchTime.now().uptimeNanoseconds &- startNanoseconds) / 1e9
  }

  /// The share of the budget spent, 0…1.
  package var spent: Double { min(elapsed / seconds, 1) }

  /// Seconds left before the budget is spent, 0 once it is.
  package var remaining: Double { max(seconds - elapsed, 0) }

  package var isSpent: Bool { elapsed >= seconds }
}
