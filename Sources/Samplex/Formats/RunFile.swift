/// The files `samplex train` writes into a run folder besides its checkpoints (a cell of
/// `samplex bench` holds some of them too), by name, so that the writers, the resume that reads
/// them back and the clean-up of a killed run's temporary files agree on the names.
public enum RunFile: String, CaseIterable, Sendable {
  /// The resolved settings, written first so that an interrupted run can be resumed with them.
  case config = "config.yaml"
  /// The run's id and where each of its sessions ran: Samplex's version and commit, the
  /// machine, the date (`RunRecord`); written with `config.yaml`.
  case record = "run.json"
  /// One JSON object per progress tick.
  case metrics = "metrics.jsonl"
  /// The input vectors in word2vec's binary format.
  case vectorsBinary = "vectors.bin"
  /// The input vectors in word2vec's text format.
  case vectorsText = "vectors.txt"
  /// The output vectors in word2vec's binary format, when asked (`output.save_output_vectors`).
  case outputVectors = "vectors-output.bin"
  /// The vocabulary with its counts.
  case vocabulary = "vocab.txt"
  /// The evaluation report, when the run evaluates its vectors.
  case evaluation = "evaluation.json"

  /// The file's path in `folder`.
  public func path(in folder: String) -> String {
    folder + "/" + rawValue
  }
}
