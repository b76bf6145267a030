/// Everything `samplex train` is told: where the corpus is, how to train, where to write and
/// what to evaluate. A config file, `--set` and the command line all fill this one value, so
/// that the run folder's `config.yaml` repeats a run exactly.
public struct RunConfiguration: Sendable, Equatable {
  /// The corpus: its files (plain text or .zst), folders and glob patterns, relative to the
  /// working directory, in reading order (`CorpusFiles`), or `-`; empty when none is given.
  public var corpus: [String] = []
  public var training = TrainingOptions()
  /// A vocabulary file (`VocabularyFile`) whose words and counts the run trains with instead of
  /// counting the corpus's (`FixedVocabulary`; word2vec's `-read-vocab`).
  public var vocabularyFile: String?
  /// A word2vec vectors file that the input table starts from (`InitialVectors`; fastText's
  /// `-pretrainedVectors`).
  public var initialVectors: String?
  /// The run folder.
  public var output = "samplex-run"
  /// Words whose nearest neighbours are printed at the end.
  public var neighbors: [String] = []
  /// Which files of the input vectors the run writes (nil: by their size,
  /// `VectorFileFormats.chosen`).
  public var vectorFormats: VectorFileFormats?
  /// Whether the run writes the output table W too, as `vectors-output.bin` (not for the
  /// hierarchical softmax, whose output rows are the tree's inner nodes, not words).
  public var savesOutputVectors = false
  /// Whether the run writes a checkpoint after each epoch (for `samplex train --resume`).
  public var checkpoints = true
  /// Minutes between checkpoints inside an epoch (nil: at epoch ends only). A stop request
  /// (SIGINT, SIGTERM) writes one too.
  public var checkpointMinutes: Double? = 10
  /// How many of the run's newest checkpoints its folder keeps: older ones are removed once a
  /// new one is written whole. Two, so that a resume finds a whole one should the newest be
  /// damaged on disk.
  public var keptCheckpoints = 2
  /// Whether a new run replaces the run its folder holds (removing that run's files first)
  /// instead of being refused. A run's `config.yaml` records it as false, so that repeating
  /// the run from that file never replaces a folder unasked.
  public var overwrite = false
  /// The run's id (`RunID`): drawn by every new run, written into its `config.yaml`, and read
  /// back by a resume to tell the run's own checkpoints from another's.
  public var runID: RunID?
  public var evaluation = EvaluationSettings()
  /// The grid and measurements of `samplex bench` (unused by `samplex train`).
  public var bench = BenchSettings()

  public init() {}
}

/// Which evaluation files a run or `samplex eval` uses, and how.
public struct EvaluationSettings: Sendable, Equatable {
  /// An analogy file in word2vec's `questions-words.txt` format.
  public var analogies: String?
  /// Word-similarity files: `word word score` lines, tab-separated, `#` comments.
  public var similarity: [String] = []
  /// Analogies consider only this many of the most frequent words (gensim's `restrict_vocab`).
  public var restrictVocabulary = 30000
  /// Whether `samplex train` evaluates the vectors when it has finished.
  public var afterTraining = false

  public init() {}

  /// Whether any evaluation file is configured.
  public var hasFiles: Bool { analogies != nil || !similarity.isEmpty }
}
