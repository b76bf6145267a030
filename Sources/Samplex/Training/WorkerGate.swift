import Foundation
import Synchronization

/// Lets the workers of one pass run together, or one of them alone while the others wait at
/// their next publishing point (where a worker's whole state is its position, so waiting
/// changes nothing in what it trains).
///
/// `WorkerPacing` sets it. A worker that leaves the pass (its shard done, a pause, an error)
/// is never the one left running alone, so the others cannot wait for a worker that is gone.
final class WorkerGate: Sendable {
  private struct State {
    /// The worker running alone, or nil when all run.
    var alone: Int?
    var left: [Bool]
  }

  private let state: Mutex<State>
  /// `state.alone` for the workers' one load a publication (-1: all run).
  private let aloneMirror = Atomic<Int>(-1)

  init(workers: Int) {
    state = Mutex(State(alone: nil, left: Array(repeating: false, count: workers)))
  }

  /// Waits while another worker runs alone, napping a millisecond at a time, or until
  /// `shouldStop` says the pass is ending.
  func waitTurn(worker: Int, shouldStop: () -> Bool) {
    while true {
      let alone = aloneMirror.load(ordering: .acquiring)
      if alone < 0 || alone == worker || shouldStop() { return }
      usleep(1000)
    }
  }

  /// Marks `worker` as gone from the pass; if it was running alone, all run again.
  func leave(worker: Int) {
    state.withLock { state in
      state.left[worker] = true
      if state.alone == worker { set(&state, alone: nil) }
    }
  }

  /// Lets only the first worker still in the pass run; false when fewer than two are left.
  func runOneAlone() -> Bool {
    state.withLock { state in
      let present = state.left.indices.filter { !state.left[$0] }
      guard present.count >= 2 else { return false }
      set(&state, alone: present[0])
      return true
    }
  }

  /// Lets every worker run.
  func runAll() {
    state.withLock { set(&$0, alone: nil) }
  }

  private func set(_ state: inout State, alone: Int?) {
    state.alone = alone
    aloneMirror.store(alone ?? -1, ordering: .releasing)
  }
}
