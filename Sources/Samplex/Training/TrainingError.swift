/// A training run that cannot go on, with what to do about it.
public enum TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
  case diverged(epoch: Int, wordsSeen: Int, learningRate: Float)
  case modelTooLarge(bytes: Int, available: Int)
  /// The workers' scratch, which grows with the candidates, the minibatch, the vector size and
  /// the threads but not the vocabulary, past the memory available.
  case scratchTooLarge(bytes: Int, available: Int)
  case invalidOption(name: String, reason: String)
  /// Standard input given where the corpus is read more than once, and `why`.
  case needsFile(path: String, why: String)
  case unspooledInput(path: String)
  case noCheckpoint(directory: String)
  case corruptCheckpoint(path: String, reason: String)
  case checkpointMismatch(path: String, reason: String)
  /// A checkpoint of an earlier layout (`version`): one without a checksum (1 to 4), or one
  /// that does not record how many processes wrote it (5).
  case checkpointOfEarlierVersion(path: String, version: Int)
  /// A resume that found every checkpoint of its run damaged: each one's name and reason.
  case noWholeCheckpoint(directory: String, damaged: [String])
  /// A checkpoint written by another run than the one the folder's config.yaml names.
  case checkpointOfAnotherRun(path: String, run: RunID, folderRun: RunID)
  case interrupted(epoch: Int, checkpoint: String?)
  /// Initial vectors (`--init-vectors`) whose `file` dimensions are not the `model`'s.
  case initialVectorsDimensions(path: String, file: Int, model: Int)

  public var description: String {
    switch self {
    case .diverged(let epoch, let words, let rate):
      return
        "training diverged in epoch \(epoch) after \(words) words (the loss became NaN or infinite "
        + "at learning rate \(rate)); lower --lr or check the corpus."
    case .modelTooLarge(let bytes, let available):
      return
        "the model needs \(bytes / 1_000_000) MB but only \(available / 1_000_000) MB of memory is "
        + "available; lower --dim, raise --min-count or set --max-size."
    case .scratchTooLarge(let bytes, let available):
      return
        "the training threads' buffers need \(bytes / 1_000_000) MB but only "
        + "\(available / 1_000_000) MB of memory is available; lower --samples, --dim, --threads "
        + "or --batch-size."
    case .invalidOption(let name, let reason):
      // The flag's spelling: a config key's underscores are hyphens on the command line.
      return "--\(String(name.map { $0 == "_" ? "-" : $0 })): \(reason)."
    case .noCheckpoint(let directory):
      return
        "\(directory): no checkpoint to resume from (checkpoint-N.bin is written after each "
        + "epoch); train without --resume to start the run."
    case .corruptCheckpoint(let path, let reason):
      return
        "\(path): cannot resume from this checkpoint because \(reason); resume from an earlier "
        + "checkpoint of the run, or train it again with --overwrite."
    case .checkpointMismatch(let path, let reason):
      return
        "\(path): this checkpoint does not fit the run (\(reason)); resume with the run's own "
        + "config.yaml and corpus."
    case .checkpointOfEarlierVersion(let path, let version):
      return
        "\(path): this checkpoint is in format \(version) of an earlier version of Samplex, which "
        + (version < 5
          ? "carries no checksum to show that it is whole"
          : "does not record how many processes trained the run")
        + ", so this version does not resume it; "
        + "resume it with the version that wrote it, or train the run again (with --overwrite "
        + "into this folder)."
    case .noWholeCheckpoint(let directory, let damaged):
      return
        "\(directory): no checkpoint of the run can be resumed, as every one is damaged ("
        + damaged.joined(separator: "; ") + "); train the run again with --overwrite."
    case .checkpointOfAnotherRun(let path, let run, let folderRun):
      return
        "\(path): this checkpoint belongs to run \(run), not to run \(folderRun) that the folder's "
        + "config.yaml names, and a run resumes from its own checkpoints only; delete it, or train "
        + "the run again with --overwrite."
    case .interrupted(let epoch, let checkpoint):
      return "training stopped during epoch \(epoch) on request; "
        + (checkpoint.map { "\($0) holds it: resume with samplex train --resume RUN_DIR." }
          ?? "no checkpoint was written, so there is nothing to resume from: start the run again.")
    case .initialVectorsDimensions(let path, let file, let model):
      return
        "\(path): the initial vectors have \(file) dimensions and the model \(model) "
        + "(model.dim); give --dim \(file), or vectors of \(model) dimensions."
    case .needsFile(let path, let why):
      return "\(path): \(why), so it needs a file; write standard input to a file first."
    case .unspooledInput(let path):
      return
        "\(path): standard input can be read only once, and its spool of ids could not be written "
        + "whole (a full $TMPDIR or /var/tmp, or more distinct words than a count holds); set "
        + "TMPDIR to a folder with room, raise --max-distinct, or write standard input to a file "
        + "first."
    }
  }
}
