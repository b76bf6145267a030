import Foundation

/// How a parallel pass over a corpus runs its workers, whichever way the corpus is divided:
/// fixed parts, each worker opening its own reader; or one shared `BlockQueue`, fed by a thread
/// of its own that reads the whole text in order.
enum ParallelRead {
  /// Runs `body` once for each of `workers` workers, each with the reader `reader(worker)`
  /// opens; with a `queue`, a feeder thread first starts reading `sequential()` into it.
  /// - Throws: the first error any reader or `body` raised.
  static func run(
    workers: Int, queue: BlockQueue?, path: String,
    sequential: @escaping @Sendable () throws(CorpusError) -> any ByteSource,
    reader: @Sendable (_ worker: Int) throws(CorpusError) -> any ByteSource,
    _ body: @Sendable (_ worker: Int, _ reader: inout any ByteSource) throws -> Void
  ) throws {
    if let queue {
      Thread {
        do {
          var reader = try sequential()
          BlockFeeder.feed(&reader, into: queue)
        } catch {
          queue.close(failure: error as? CorpusError ?? .unreadable(path: path, reason: "\(error)"))
        }
      }.start()
    }
    try ConcurrentWorkers.run(workers) { worker in
      // A worker that stopped early (its sink wanted no more) or failed leaves blocks behind:
      // it takes them, so that the feeder is not left waiting on a full queue.
      defer { if let queue { while queue.pop() != nil {} } }
      var reader = try reader(worker)
      try body(worker, &reader)
    }
  }
}
