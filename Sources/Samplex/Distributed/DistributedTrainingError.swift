/// A training run across processes (`mpirun`) that cannot go on; each message says what to do.
public enum DistributedTrainingError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The corpus cannot be cut into one part per process (standard input, a single-frame .zst
  /// among its files).
  case corpusNotSplittable(path: String)
  /// A process's part held more distinct tokens than counting keeps, so the parts' counts
  /// cannot be merged into the whole corpus's.
  case tooManyDistinctTokens(path: String, maxDistinct: Int)
  /// The processes hold different vocabularies (their fingerprints differ).
  case vocabularyMismatch(ranks: [Int])
  /// The processes of a resume read different checkpoints (their checksums differ).
  case checkpointMismatch(ranks: [Int])
  /// An option that training across processes does not support yet.
  case unsupported(option: String)
  /// Process 0 failed at a step only it takes (`ProcessGroup.agree(onOutcomeOf:)`): what every
  /// other process throws, with process 0's `sentence`.
  case processZeroFailed(sentence: String)

  public var description: String {
    switch self {
    case .corpusNotSplittable(let path):
      return
        "\(path): training on several processes needs corpus files that split into parts "
        + "(plain text files, or .zst files of several frames: samplex compress writes them); not "
        + "standard input or a single-frame .zst."
    case .tooManyDistinctTokens(let path, let maxDistinct):
      return
        "\(path): the corpus holds more than \(maxDistinct) distinct tokens, too many to merge "
        + "the processes' counts exactly (under mpirun a count does not spill); raise "
        + "--max-distinct, or count it once with samplex vocab -o vocab.txt and train with "
        + "--read-vocab vocab.txt."
    case .vocabularyMismatch(let ranks):
      return
        "the processes hold different vocabularies (\(Self.named(ranks)) from rank 0); check "
        + "that every process reads the same corpus and vocabulary files."
    case .checkpointMismatch(let ranks):
      return
        "the processes read different checkpoints to resume from (\(Self.named(ranks)) from "
        + "rank 0); check that every process reads the same run folder."
    case .unsupported(let option):
      return "\(option) is not supported when training on several processes (mpirun) yet; "
        + "leave it out, or train on one process."
    case .processZeroFailed(let sentence):
      return "process 0 failed and every process stops with it; fix what it says, then run "
        + "again: \(sentence)"
    }
  }

  /// `rank 1 differs`, `ranks 1, 3 differ`.
  private static func named(_ ranks: [Int]) -> String {
    ranks.count == 1
      ? "rank \(ranks[0]) differs"
      : "ranks \(ranks.map(String.init).joined(separator: ", ")) differ"
  }
}
