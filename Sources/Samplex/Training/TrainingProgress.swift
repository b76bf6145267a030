import Synchronization

/// Figures shared by the workers and the progress reporter: words seen (which drive the
/// learning rate) and the loss, published by each worker every few thousand words.
package final class TrainingProgress: Sendable {
  /// Vocabulary words seen by all workers, all epochs.
  package let wordsSeen = Atomic<Int>(0)
  /// Predictions trained: (context, centre) pairs for skip-gram, windows for CBOW.
  package let examplesSeen = Atomic<Int>(0)
  private let loss = Mutex((sum: 0.0, count: 0))
  /// Set once any worker sees a non-finite loss.
  package let diverged = Atomic<Bool>(false)
  /// Set once a worker finds the run's time budget spent.
  package let outOfTime = Atomic<Bool>(false)

  package init() {}

  /// Adds a worker's figures since it last published.
  package func publish(words: Int, lossSum: Double, lossCount: Int) {
    wordsSeen.add(words, ordering: .relaxed)
    examplesSeen.add(lossCount, ordering: .relaxed)
    loss.withLock {
      $0.sum += lossSum
      $0.count += lossCount
    }
    if !lossSum.isFinite { diverged.store(true, ordering: .relaxed) }
  }

  /// The loss published since the last call: a true windowed average, never a running total.
  package func takeLoss() -> (sum: Double, count: Int) {
    loss.withLock { current in
      defer { current = (0, 0) }
      return current
    }
  }
}
