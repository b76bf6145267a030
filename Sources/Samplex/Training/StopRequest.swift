import Synchronization

/// A request from outside a run (a signal handler) to stop training: the workers stop at their
/// next publishing interval (10,000 words) and the run ends with `TrainingError.interrupted`,
/// leaving the last checkpoint to resume from.
public final class StopRequest: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  public func request() { flag.store(true, ordering: .relaxed) }

  public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
