/// Where a run writes its checkpoints, and what each records of the run: its id and the digest
/// of the settings a resume must not change (`ResumeSettings.digest`). The folder keeps this
/// run's newest checkpoints only; another run's files there are never counted or removed.
public struct CheckpointFolder: Sendable {
  public let path: String
  public let run: RunID
  public let settings: UInt64

  public init(path: String, run: RunID, settings: UInt64) {
    self.path = path
    self.run = run
    self.settings = settings
  }
}

extension CheckpointFolder {
  /// The checkpoint folder of a run of `configuration`, which has its run id.
  public init(path: String, configuration: RunConfiguration) {
    guard let run = configuration.runID else { preconditionFailure("a run has an id") }
    self.init(path: path, run: run, settings: ResumeSettings.digest(configuration))
  }
}
