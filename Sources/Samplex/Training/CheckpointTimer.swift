import Dispatch
import Synchronization

/// When the next checkpoint inside an epoch is due: every `interval` seconds of training.
/// Workers read it each time they publish (every `PublishingInterval.words(for:)` words, at
/// most 10,000), so reading it costs one clock read an interval.
final class CheckpointTimer: Sendable {
  private let interval: UInt64?
  private let deadline = Atomic<UInt64>(.max)

  /// A timer that is never due without an interval (or with one of more than 30 years).
  init(seconds: Double?) {
    interval = seconds.map { UInt64(min(max($0, 0), 1e9) * 1e9) }
    restart()
  }

  var isDue: Bool { DispatchTime.now().uptimeNanoseconds >= deadline.load(ordering: .relaxed) }

  /// Counts the interval again from now (after a checkpoint was written).
  func restart() {
    guard let interval else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    deadline.store(
      now.addingReportingOverflow(interval).overflow ? .max : now + interval, ordering: .relaxed)
  }
}
