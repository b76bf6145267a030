import Synchronization

/// A request from outside a run (a signal handler) to stop training: the workers stop at their
/// next publishing point (every `PublishingInterval.words(for:)` words: 10,000 at word2vec's
/// cost, fewer for a costlier loss), a run that writes checkpoints saves one there (inside the
/// epoch), and the run ends with `TrainingError.interrupted` naming it. A run without
/// checkpoints stops at the next sentence.
public final class StopRequest: Sendable {
  private let flag = Atomic<Bool>(false)

  public init() {}

  public func request() { flag.store(true, ordering: .relaxed) }

  public var isRequested: Bool { flag.load(ordering: .relaxed) }
}
