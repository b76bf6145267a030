/// A run's hold on its folder while it trains: the folder's lock (no other run writes into it
/// meanwhile), the folder admitted again under it (another run may have come and gone since
/// the first look), the replaced run's files removed with `output.overwrite`, files a killed
/// run left half-written cleared, and the run's `config.yaml` and `run.json` written first, so
/// that an interrupted run can be resumed. The lock is released when this is.
final class RunFolderSession {
  private let lock: RunFolderLock

  /// - Parameter log: told when the folder's `run.json` is passed over (an oversized file).
  init(
    configuration: RunConfiguration, configFile: String?, resumes: Bool, run: RunID,
    log: (String) -> Void
  ) throws {
    let output = configuration.output
    lock = try RunFolderLock(folder: output)
    let folder = RunFolder(path: output)
    try Run.admit(folder, configuration, configFile: configFile, resumes: resumes)
    if configuration.overwrite { try folder.removeRunFiles() }
    // A run killed mid-write (kill -9) leaves its temporary file; the next run into the folder
    // clears it (only those of the files a run writes: the folder may be one the user shares).
    AtomicFile.removeAbandoned(in: output, isOurs: RunFolder.isRunFile)
    // Never with `overwrite`, so that a repeat of the run from it does not replace this folder
    // unasked.
    var recorded = configuration
    recorded.overwrite = false
    try ConfigurationWriter.write(recorded, to: RunFile.config.path(in: output))
    let (record, passedOver) = RunRecord.beginning(
      .current(), of: run, resuming: resumes, in: output)
    if let passedOver { log(passedOver.warning(RunRecord.passedOverConsequence)) }
    try record.write(to: RunFile.record.path(in: output))
  }
}
