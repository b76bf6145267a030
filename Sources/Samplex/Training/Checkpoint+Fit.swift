/// Whether a checkpoint can be resumed by a given run.
extension Checkpoint {
  /// Refuses this checkpoint, with why and what to do, when its tables, epochs or workers do
  /// not fit a run of `options` over `vocabulary`, or when it was written inside an epoch and
  /// the run's workers cannot find their places again (`readsFixedParts` false). The trainer
  /// checks it before resuming; `samplex train` before it writes anything into the run
  /// folder, so that a refused resume leaves the folder's config as it was. `processes`: how
  /// many train together (`mpirun -np`), as many as wrote it.
  /// - Throws: `TrainingError.checkpointMismatch`.
  public func checkFits(
    options: TrainingOptions, vocabulary: Vocabulary, readsFixedParts: Bool, processes: Int = 1
  ) throws(TrainingError) {
    let path = "checkpoint-\(stamp).bin"
    try checkProcesses(processes)
    guard vocabularySize == vocabulary.count, dimensions == options.dimensions else {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason:
          "it holds \(vocabularySize) words × \(dimensions) dimensions, the run "
          + "\(vocabulary.count) × \(options.dimensions)")
    }
    if let heldOut, heldOut.count > options.heldOutPairs {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason:
          "it holds \(heldOut.count) held-out pairs, and the run keeps at most "
          + "\(options.heldOutPairs)")
    }
    if vocabularyFingerprint != vocabulary.fingerprint {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason:
          "its rows belong to another vocabulary of \(vocabulary.count) words: the corpus, the "
          + "vocabulary file (vocabulary.read), min_count or max_size changed since it was written")
    }
    // A checkpoint after the last epoch is taken up too: nothing is left to train, and the run
    // writes its files from it (those of a run that stopped while writing them).
    guard epochsDone < options.epochs || endsRun(ofEpochs: options.epochs) else {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason: "it was written after epoch \(epochsDone), and the run has \(options.epochs) epochs"
      )
    }
    let workers = positions.count / self.processes
    guard positions.isEmpty || workers == options.workers else {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason:
          "it was written inside an epoch by \(workers) workers, and the run has "
          + "\(options.workers); set training.threads to \(workers)")
    }
    guard positions.isEmpty || readsFixedParts else {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason:
          "it was written inside an epoch, and this run's workers take the corpus in no fixed "
          + "order: one reader deals it out, and this run has no spool of it (corpus.spool)")
    }
  }

  /// Refuses this checkpoint when another number of processes than `processes` trained the run
  /// that wrote it: each process goes on from its own part of the corpus and its own place
  /// there.
  /// - Throws: `TrainingError.checkpointMismatch`.
  public func checkProcesses(_ processes: Int) throws(TrainingError) {
    guard processes == self.processes else {
      throw TrainingError.checkpointMismatch(
        path: "checkpoint-\(stamp).bin",
        reason:
          "it was written by \(self.processes) process\(self.processes == 1 ? "" : "es") training "
          + "together, and this run has \(processes); resume it "
          + (self.processes == 1 ? "without mpirun or " : "") + "under mpirun -np \(self.processes)"
      )
    }
  }

  /// The positions of process `rank`'s workers, of a checkpoint written inside an epoch.
  package func positions(ofProcess rank: Int) -> [WorkerPosition] {
    let workers = positions.count / processes
    return Array(positions[(rank * workers)..<((rank + 1) * workers)])
  }

  /// Whether it was written after the last epoch of a run of `epochs` epochs: resuming from it
  /// trains nothing and writes the run's files.
  public func endsRun(ofEpochs epochs: Int) -> Bool { part == 0 && epochsDone == epochs }

  /// Whether a run's workers read the same part of the corpus on every pass, so that a
  /// checkpoint can save a worker's place inside an epoch and a resumed run find it again: its
  /// shard of the text, or its file of a spool complete before the first epoch (text one reader
  /// deals out, such as standard input, is dealt the same way on every run). Otherwise
  /// checkpoints come at epoch ends only.
  package static func partsAreFixed(source: any Corpus, workers: Int, spool: IDSpool?)
    throws(CorpusError) -> Bool
  {
    try source.givesFixedShards(workers: workers) || spool?.isComplete == true
  }
}
