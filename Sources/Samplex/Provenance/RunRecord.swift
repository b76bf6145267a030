import Foundation

/// A run folder's `run.json`: the run it holds and where each of its sessions ran, the one that
/// started it and each resume after, so that the folder's vectors and metrics can be traced to
/// the builds and machines that trained them. Written atomically when a session begins (with
/// `config.yaml`), and replaced or removed with the folder's other run files, so that it never
/// speaks of another run than the folder's.
package struct RunRecord: Sendable, Codable, Equatable {
  /// The run, as `config.yaml` and `metrics.jsonl` name it.
  package var run: String
  /// The session that started the run; nil when a Samplex that kept no record started it.
  package var started: Provenance?
  /// Each resume's session, in order.
  package var resumed: [Provenance]

  package init(run: RunID, started: Provenance?, resumed: [Provenance] = []) {
    self.run = run.description
    self.started = started
    self.resumed = resumed
  }

  /// The record of `run` after a session described by `session` begins in `folder`: a new run's
  /// record, or for a resume the record the folder holds of the run with `session` added (one
  /// with no start known when the folder holds no readable record of that run, with the
  /// oversized `run.json` passed over when that is why).
  package static func beginning(
    _ session: Provenance, of run: RunID, resuming: Bool, in folder: String
  ) -> (record: RunRecord, passedOver: OversizedFile?) {
    guard resuming else { return (RunRecord(run: run, started: session), nil) }
    var held: RunRecord?
    var passedOver: OversizedFile?
    do {
      held = try read(from: RunFile.record.path(in: folder))
    } catch {
      passedOver = error
    }
    var record =
      held.flatMap { $0.run == run.description ? $0 : nil } ?? RunRecord(run: run, started: nil)
    record.resumed.append(session)
    return (record, passedOver)
  }

  /// What a resume logs when `run.json` was passed over.
  package static let passedOverConsequence =
    "where the run's earlier sessions ran is not carried over; run.json now records this "
    + "resume only"

  /// The largest `run.json` read: a session's entry takes a few hundred bytes.
  package static let maxBytes = 16 << 20

  /// The record at `path`, or nil when it is missing or not a record.
  /// - Throws: `OversizedFile` past `maxBytes` (read no further, so that a file replaced by a
  ///   device cannot fill memory).
  package static func read(from path: String) throws(OversizedFile) -> RunRecord? {
    guard let bytes = try OversizedFile.contents(of: path, limit: maxBytes) else { return nil }
    return try? JSONDecoder().decode(RunRecord.self, from: Data(bytes))
  }

  /// Writes the record to `path`, atomically.
  package func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    let data = try encoder.encode(self)
    try AtomicFile.write(to: path) { file in
      try data.withUnsafeBytes { try file.write(bytes: $0) }
      try file.write("\n")
    }
  }
}
