extension ProcessGroup {
  /// Runs `work` on process 0 alone (a file of the run folder written, a merge only it makes)
  /// and ends it the same way on every process: where it throws, process 0 throws its error and
  /// every other process `DistributedTrainingError.processZeroFailed` with its sentence, where
  /// otherwise they would wait in their next collective operation for a process that has left
  /// (until `mpirun` ended the job, saying nothing of why). Every process calls it at the same
  /// point, as any collective operation; `work` runs on process 0 only.
  ///
  /// The outcome is one broadcast: empty for success, else the error's sentence. After a
  /// failure the processes meet once more before any throws, so that none ends the job (`mpirun`
  /// stops every process at the first one's exit) before every one has its error.
  package func agree(onOutcomeOf work: () throws -> Void) throws {
    var failure: (any Error)?
    var sentence: [UInt8] = []
    if rank == 0 {
      do {
        try work()
      } catch {
        failure = error
        let described = String(describing: error)
        sentence = Array((described.isEmpty ? "\(type(of: error))" : described).utf8)
      }
    }
    let outcome = broadcast(sentence)
    guard !outcome.isEmpty else { return }
    var met = [0.0]
    met.withUnsafeMutableBufferPointer { sum($0) }
    if let failure { throw failure }
    throw DistributedTrainingError.processZeroFailed(
      sentence: String(decoding: outcome, as: UTF8.self))
  }
}
