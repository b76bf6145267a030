import Dispatch
import Synchronization

/// How every parallel pass over a corpus runs its workers: one call of the body per worker, all
/// at once on Dispatch's pool; once all have returned, the first error any of them threw.
enum ConcurrentWorkers {
  static func run(_ workers: Int, _ body: @Sendable (_ worker: Int) throws -> Void) throws {
    let firstError = Mutex<(any Error)?>(nil)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      do {
        try body(worker)
      } catch {
        firstError.withLock { if $0 == nil { $0 = error } }
      }
    }
    if let error = firstError.withLock({ $0 }) { throw error }
  }
}
