/// The `bench` section of a config: the grid `samplex bench` runs and how each cell is measured.
/// The rest of the config is the base every cell starts from: `training.epochs` gives every
/// cell the same words to train (the same passes over the same corpus, seed and order), and
/// `training.budget_seconds`, when set, a wall-clock budget that may cut a cell short.
///
/// The grid's lists are kept as written and checked by `BenchGrid`, so that an error can name
/// the word that is wrong.
public struct BenchSettings: Sendable, Equatable {
  /// Samplers: `uniform`, `log-uniform`, `unigram` (with `loss.power`) or `unigram^P`.
  public var samplers = ["uniform", "log-uniform", "unigram^0.75", "unigram^1.0"]
  /// Sampled losses: `sampled-softmax`, `nce`, `negative-sampling`.
  public var losses = ["sampled-softmax", "nce", "negative-sampling"]
  /// Candidates per window, each a positive integer.
  public var samples = ["5", "64", "1024"]
  /// Whether the exact full softmax is trained as the reference cell.
  public var fullSoftmax = true
  /// Seconds between the held-out evaluations and gradient diagnostics of a cell.
  public var evaluationInterval = 5.0
  /// Held-out (context, centre) pairs scored by the exact cross-entropy, the same for all cells.
  public var heldOutPairs = 1000
  /// Held-out pairs in the fixed probe batch of the gradient diagnostics.
  public var probePairs = 64
  /// Repeated candidate draws per diagnostic.
  public var probeDraws = 16
  /// For a corpus from `samplex synth`: its `--group-size`, so that each cell is also scored
  /// by how often a frequent word's nearest neighbour is a planted group mate.
  public var plantedGroupSize: Int?
  /// The seeds each cell trains under, each a positive integer as written; nil: the one seed
  /// `training.seed`.
  public var seeds: [String]?

  public init() {}
}
