/// Where a run writes its checkpoints, and what each records of the run: its id and the digest
/// of the settings a resume must not change (`ResumeSettings.digest`). The folder keeps this
/// run's `kept` newest checkpoints only; another run's files there are never counted or removed.
public struct CheckpointFolder: Sendable {
  public let path: String
  public let run: RunID
  public let settings: UInt64
  /// How many of the run's newest checkpoints the folder keeps (`output.keep_checkpoints`).
  public let kept: Int

  public init(
    path: String, run: RunID, settings: UInt64,
    kept: Int = ConfigurationSchema.defaults.keptCheckpoints
  ) {
    precondition(kept >= 1, "a run keeps its newest checkpoint")
    self.path = path
    self.run = run
    self.settings = settings
    self.kept = kept
  }
}

extension CheckpointFolder {
  /// The checkpoint folder of a run of `configuration`, which has its run id.
  public init(path: String, configuration: RunConfiguration) {
    guard let run = configuration.runID else { preconditionFailure("a run has an id") }
    self.init(
      path: path, run: run, settings: ResumeSettings.digest(configuration),
      kept: configuration.keptCheckpoints)
  }
}

extension CheckpointFolder {
  /// The checkpoint a resume goes on from: the newest that reads whole, passing over damaged
  /// ones (`passedOver`: each one's name and what is wrong with it), so that a checkpoint cut
  /// or corrupted on disk costs the training since the one before it, not the run.
  /// - Throws: `TrainingError.noCheckpoint` when there is none, `.noWholeCheckpoint` when every
  ///   one is damaged; the errors of `Checkpoint.read` and `checkBelongs(to:)` for the newest
  ///   whole one when it is of an earlier format, of another run or of other settings.
  public func newestWholeCheckpoint() throws -> (checkpoint: Checkpoint, passedOver: [String]) {
    let stamps = Checkpoint.stamps(in: path)
    guard !stamps.isEmpty else { throw TrainingError.noCheckpoint(directory: path) }
    var passedOver: [String] = []
    for stamp in stamps.reversed() {
      let checkpoint: Checkpoint
      do {
        checkpoint = try Checkpoint.read(path: Checkpoint.path(in: self, stamp: stamp))
      } catch TrainingError.corruptCheckpoint(_, let reason) {
        passedOver.append("checkpoint-\(stamp).bin: \(reason)")
        continue
      }
      try checkpoint.checkBelongs(to: self)
      return (checkpoint, passedOver)
    }
    throw TrainingError.noWholeCheckpoint(directory: path, damaged: passedOver)
  }
}
