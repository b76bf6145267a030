import Foundation
import Synchronization

/// Threads that run the parts of a minibatch step, waiting for work by spinning (then
/// yielding) rather than sleeping.
///
/// A step's parallel phase lasts well under a millisecond. `DispatchQueue.concurrentPerform`
/// wakes pooled threads that sleep, and when a wake-up is slower than the calling thread's
/// own part, the caller takes the other parts too and the step runs serially: measured here,
/// the sampled step ran at one thread's speed in about half of the processes. These threads
/// stay awake for the owner's lifetime, as OpenBLAS's do, and end when it is released.
public final class StepWorkers: Sendable {
  /// Parts per `run`: the calling thread takes part 0, each helper one more.
  public let count: Int
  private let state = State()

  /// What the helpers share with the caller. The helpers hold this, not the `StepWorkers`,
  /// so that releasing the owner stops them.
  private final class State: Sendable {
    let generation = Atomic<Int>(0)
    let pending = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let job = Mutex<(@Sendable (Int) -> Void)?>(nil)

    /// A helper's loop: wait for a new generation, run its part, report it done.
    func work(part: Int) {
      var seen = 0
      while true {
        var spins = 0
        var current = generation.load(ordering: .acquiring)
        while current == seen {
          pause(&spins)
          current = generation.load(ordering: .acquiring)
        }
        seen = current
        if stopping.load(ordering: .acquiring) { return }
        if let body = job.withLock({ $0 }) { body(part) }
        pending.subtract(1, ordering: .releasing)
      }
    }
  }

  public init(count: Int) {
    self.count = max(1, count)
    for helper in 1..<self.count {
      let state = self.state
      Thread { state.work(part: helper) }.start()
    }
  }

  deinit {
    state.stopping.store(true, ordering: .releasing)
    state.generation.add(1, ordering: .releasing)
  }

  /// Runs `body(part)` for every part in `0..<count`, in parallel, and returns when all are done.
  public func run(_ body: @escaping @Sendable (Int) -> Void) {
    guard count > 1 else { return body(0) }
    state.job.withLock { $0 = body }
    state.pending.store(count - 1, ordering: .releasing)
    state.generation.add(1, ordering: .releasing)
    body(0)
    var spins = 0
    while state.pending.load(ordering: .acquiring) > 0 { pause(&spins) }
    state.job.withLock { $0 = nil }
  }
}

/// Busy-waits briefly, then yields the core to whatever else wants it.
@inline(__always)
private func pause(_ spins: inout Int) {
  spins += 1
  if spins > 2000 { sched_yield() }
}
