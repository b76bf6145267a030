import Foundation

/// Everything a training run is told, with word2vec's defaults.
public struct TrainingOptions: Sendable, Equatable {
  public enum SamplerKind: String, Sendable, CaseIterable {
    case uniform
    case logUniform = "log-uniform"
    case unigram
    /// The inverted multi-index over the output rows' product quantization
    /// (`InvertedMultiIndexSampler`): follows the model, with batch candidates only.
    case midx
    /// Importance resampling of a unigram^α pool against the batch (`ImportanceResampler`):
    /// follows the model, with batch candidates only.
    case resample

    /// Whether the sampler reads the model once per minibatch, so that it needs batch
    /// candidates (`CandidateSharing.perBatch`).
    public var followsModel: Bool { self == .midx || self == .resample }
  }

  public var architecture: Architecture = .skipGram
  public var loss: Loss = .negativeSampling
  public var sampler: SamplerKind = .unigram
  /// The unigram sampler's power (word2vec's 0.75).
  public var power = 0.75
  /// Candidates per window (word2vec's `-negative`, 5).
  public var samples = 5
  /// The resample sampler's pool of unigram^α draws per batch, as set; nil: `pool`.
  public var poolSetting: Int?
  /// The resample sampler's pool: as set, else four draws per candidate, enough distinct ids
  /// for the candidates on a Zipfian vocabulary, at about four times the logits' product's
  /// cost for the pool's scores.
  public var pool: Int {
    get { poolSetting ?? 4 * samples }
    set { poolSetting = newValue }
  }
  /// The midx sampler's codewords per half of an output row (Chen et al.'s K).
  public var codewords = 64
  /// Batches of a worker between two rebuilds of its midx codebooks from the output table.
  public var rebuildEvery = 1000
  /// How candidates are shared, as set; nil: by the candidate count (`candidateSharing`).
  public var candidateSharingSetting: CandidateSharing?
  /// How candidates are shared: as set, else per minibatch for the sampled softmax and NCE from
  /// 64 candidates up, where one epoch of corpusA trained 3.8 (sampled softmax) and 3.75 (NCE)
  /// times faster than with windows, to a held-out cross-entropy 0.0022 and 0.0069 nats lower,
  /// and per window otherwise: word2vec's regime (BENCHMARKS.md).
  public var candidateSharing: CandidateSharing {
    get {
      candidateSharingSetting
        ?? ((loss == .sampledSoftmax || loss == .nce) && samples >= 64 ? .perBatch : .perWindow)
    }
    set { candidateSharingSetting = newValue }
  }
  /// Examples per minibatch of batch-shared candidates (`candidateSharing == .perBatch`) and of
  /// the full softmax.
  public var batchSize = 256
  public var dimensions = 100
  public var window = 5
  public var minCount = 5
  public var maxVocabularySize: Int?
  /// Distinct tokens the counting pass's table holds before it overflows (several workers each
  /// hold their share), which bounds the pass's memory.
  public var maxDistinct = VocabularyBuilder.defaultMaxDistinct
  /// What the counting table does past `maxDistinct`: spill its exact counts to temporary
  /// files, or prune the rarest as word2vec does.
  public var vocabularyOverflow: VocabularyOverflow = .spill
  /// word2vec's `-sample` (1e-3 by default there; 1e-4 is common on larger corpora).
  public var subsample = 1e-3
  public var epochs = 5
  /// The starting learning rate: 0.025 for skip-gram, 0.05 for CBOW (word2vec's defaults).
  public var learningRate: Float?
  /// The final learning rate: word2vec's `starting × 1e-4`.
  public var minLearningRate: Float?
  /// Worker threads: one per core this process may use.
  public var workers = ProcessInfo.processInfo.activeProcessorCount
  /// Whether several workers measure now and then, while training, if one alone trains
  /// faster, and let it while it does (`WorkerPacing`): for hosts whose cores at times hand
  /// shared cache lines over slowly, such as some virtual machines.
  public var pacesWorkers = false
  /// Its measurements and holds (shortened in tests).
  var pacing = WorkerPacing.Timing()
  public var seed: UInt64 = 1
  public var lowercase = false
  /// Whether epochs read the corpus as vocabulary ids from temporary files (`IDSpool`, in
  /// `$TMPDIR`, else `/var/tmp`) that the counting pass or the first whole epoch wrote, rather
  /// than reading and tokenizing the text again.
  public var spoolsIDs = true
  /// The share of sentences held out for the exact cross-entropy yardstick.
  public var heldOutShare = 0.002
  /// The largest held-out share: `SentenceIDSink` holds out sentences whose hash falls below
  /// that share of 2^64, and at most half, so that most of the corpus trains.
  public static let maxHeldOutShare = 0.5
  /// How many of the held-out (context, centre) pairs are scored, as set; nil: decided from the
  /// vocabulary (`HeldOutCost`), as many as cost about 5% of an epoch, from 100 up to
  /// `defaultHeldOutPairs`, so that at millions of words the yardstick does not outlast the
  /// training it measures.
  public var heldOutPairsSetting: Int?
  /// The held-out pairs scored when none are set and an epoch is costly enough.
  public static let defaultHeldOutPairs = 2000
  /// The held-out pairs scored: as set, else `defaultHeldOutPairs` until the vocabulary is
  /// known and `HeldOutCost.decided` sets them (`TrainerFactory.train` does, before training).
  public var heldOutPairs: Int {
    get { heldOutPairsSetting ?? Self.defaultHeldOutPairs }
    set { heldOutPairsSetting = newValue }
  }
  /// Seconds between progress ticks.
  public var progressInterval = 2.0
  /// A wall-clock budget in seconds: training ends when it is spent (or after `epochs`), the
  /// learning rate decaying by whichever comes first. Nil: epochs alone.
  public var timeBudget: Double?
  /// Seconds between synchronizations of every row of the model when several processes train
  /// it together (`ModelSynchronizer`; the hot rows of `SyncTiers` go 8 times as often); a run
  /// of one process never synchronizes. Nil: `syncSecondsInEffect` says.
  public var syncSeconds: Double?
  /// Words trained by all the processes together between synchronizations of every row (they
  /// synchronize once one of them has trained its share, 1/N of them); nil: by seconds alone.
  /// With `syncSeconds` too, whichever comes first.
  public var syncWords: Int?
  /// The seconds the processes synchronize by: `syncSeconds`, or 2 when neither it nor
  /// `syncWords` is set; nil when they synchronize by words alone.
  public var syncSecondsInEffect: Double? { syncSeconds ?? (syncWords == nil ? 2 : nil) }

  public init() {}

  /// The learning rate to start from.
  public var startingLearningRate: Float { learningRate ?? (architecture == .cbow ? 0.05 : 0.025) }
  /// The learning rate to end at.
  public var endingLearningRate: Float { minLearningRate ?? startingLearningRate * 1e-4 }
}
