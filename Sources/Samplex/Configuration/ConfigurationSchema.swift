/// Every key of the config, by section, in the order `config.yaml` lists them. Each `train`
/// option is one of these keys; the command line, `--set` and config files all go through them.
public enum ConfigurationSchema {
  public static let sections = trainingSections + ["bench"]

  /// The sections of a training run: all but `bench`.
  public static let trainingSections = [
    "corpus", "vocabulary", "model", "loss", "training", "output", "evaluation",
  ]

  public static let keys: [ConfigurationKey] =
    corpus + vocabulary + model + loss + training + output + evaluation + bench

  /// The key `section.name`, if there is one.
  public static func key(section: String, name: String) -> ConfigurationKey? {
    keys.first { $0.section == section && $0.name == name }
  }

  /// The key `section.name` named by its path, if there is one.
  public static func key(path: String) -> ConfigurationKey? {
    keys.first { $0.path == path }
  }

  /// Every key's default, stated once in `RunConfiguration` and its parts (`TrainingOptions`,
  /// `EvaluationSettings`, `BenchSettings`): a non-optional key never receives `null` (the
  /// reader refuses it), and should one arrive it falls back to this.
  public static let defaults = RunConfiguration()

  /// Refuses a key that was set on the command line (in `origins`) and does not apply to the
  /// other settings. A config file's such keys are left alone: a recipe for a sampled loss
  /// serves another loss given by flag, and a run's `config.yaml` written before the key was
  /// left out of it still repeats the run.
  /// - Throws: `ConfigurationError.doesNotApply` naming the flag.
  public static func checkApplicable(
    _ configuration: RunConfiguration, origins: [String: ConfigurationOrigin]
  ) throws {
    for key in keys where !key.applies(configuration) {
      if let origin = origins[key.path], !origin.isFile {
        if let sampler = key.sampler, configuration.training.loss.drawsCandidates {
          throw ConfigurationError.notThisSampler(
            origin, key: key.path, sampler: configuration.training.sampler.rawValue,
            needs: sampler.rawValue)
        }
        throw ConfigurationError.doesNotApply(
          origin, key: key.path, loss: configuration.training.loss.rawValue)
      }
    }
  }

  /// Refuses output vectors (`output.save_output_vectors`) for the hierarchical softmax, whose
  /// output rows are the Huffman tree's inner nodes, not words: set anywhere, a config file
  /// included, as the run could not write what it asks for.
  /// - Throws: `ConfigurationError.outputRowsAreNotWords` naming where it was set.
  public static func checkOutputVectors(
    _ configuration: RunConfiguration, origins: [String: ConfigurationOrigin]
  ) throws {
    let key = "output.save_output_vectors"
    guard configuration.savesOutputVectors, configuration.training.loss == .hierarchicalSoftmax
    else { return }
    throw ConfigurationError.outputRowsAreNotWords(
      origins[key] ?? .argument(key), key: key, loss: configuration.training.loss.rawValue)
  }

  /// The names of a section's keys.
  public static func names(in section: String) -> [String] {
    keys.filter { $0.section == section }.map(\.name)
  }

  private static let corpus: [ConfigurationKey] = [
    ConfigurationKey(
      section: "corpus", name: "path", kind: .texts, optional: true,
      // One input is written as a string, several as a list; both read back.
      get: {
        $0.corpus.isEmpty ? .null : $0.corpus.count == 1 ? .text($0.corpus[0]) : .texts($0.corpus)
      },
      set: { $0.corpus = $1.texts ?? $1.text.map { [$0] } ?? [] }),
    ConfigurationKey(
      section: "corpus", name: "lowercase", kind: .boolean, optional: false,
      get: { .boolean($0.training.lowercase) },
      set: { $0.training.lowercase = $1.boolean ?? defaults.training.lowercase }),
    ConfigurationKey(
      section: "corpus", name: "spool", kind: .boolean, optional: false,
      get: { .boolean($0.training.spoolsIDs) },
      set: { $0.training.spoolsIDs = $1.boolean ?? defaults.training.spoolsIDs }),
  ]

  private static let vocabulary: [ConfigurationKey] = [
    ConfigurationKey(
      section: "vocabulary", name: "min_count", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.training.minCount) },
      set: { $0.training.minCount = $1.integer ?? defaults.training.minCount }),
    ConfigurationKey(
      section: "vocabulary", name: "max_size", kind: .integer(minimum: 1, maximum: nil),
      optional: true,
      get: { $0.training.maxVocabularySize.map(ConfigurationValue.integer) ?? .null },
      set: { $0.training.maxVocabularySize = $1.integer }),
    ConfigurationKey(
      section: "vocabulary", name: "max_distinct", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.training.maxDistinct) },
      set: { $0.training.maxDistinct = $1.integer ?? defaults.training.maxDistinct }),
    ConfigurationKey(
      section: "vocabulary", name: "overflow",
      kind: .choice(VocabularyOverflow.allCases.map(\.rawValue)), optional: false,
      get: { .text($0.training.vocabularyOverflow.rawValue) },
      set: {
        $0.training.vocabularyOverflow =
          $1.text.flatMap(VocabularyOverflow.init(rawValue:))
          ?? defaults.training.vocabularyOverflow
      }),
    ConfigurationKey(
      section: "vocabulary", name: "subsample",
      kind: .number(minimum: 0, exclusive: false, maximum: nil),
      optional: false, get: { .number($0.training.subsample) },
      set: { $0.training.subsample = $1.number ?? defaults.training.subsample }),
    ConfigurationKey(
      section: "vocabulary", name: "read", kind: .text, optional: true,
      get: { $0.vocabularyFile.map(ConfigurationValue.text) ?? .null },
      set: { $0.vocabularyFile = $1.text }),
  ]

  private static let model: [ConfigurationKey] = [
    ConfigurationKey(
      section: "model", name: "architecture", kind: .choice(Architecture.allCases.map(\.rawValue)),
      optional: false, get: { .text($0.training.architecture.rawValue) },
      set: {
        $0.training.architecture =
          $1.text.flatMap(Architecture.init(rawValue:)) ?? defaults.training.architecture
      }
    ),
    ConfigurationKey(
      section: "model", name: "dim", kind: .integer(minimum: 1, maximum: 100_000), optional: false,
      get: { .integer($0.training.dimensions) },
      set: { $0.training.dimensions = $1.integer ?? defaults.training.dimensions }
    ),
    ConfigurationKey(
      section: "model", name: "window", kind: .integer(minimum: 1, maximum: 1000), optional: false,
      get: { .integer($0.training.window) },
      set: { $0.training.window = $1.integer ?? defaults.training.window }),
    ConfigurationKey(
      section: "model", name: "init_vectors", kind: .text, optional: true,
      get: { $0.initialVectors.map(ConfigurationValue.text) ?? .null },
      set: { $0.initialVectors = $1.text }),
  ]

  /// The loss draws candidates, so that the sampler, its power, their count and sharing, and the
  /// minibatch size mean something.
  private static let drawsCandidates: @Sendable (RunConfiguration) -> Bool = {
    $0.training.loss.drawsCandidates
  }

  private static let loss: [ConfigurationKey] = [
    ConfigurationKey(
      section: "loss", name: "type",
      kind: .choice(Loss.allCases.map(\.rawValue)),
      optional: false, get: { .text($0.training.loss.rawValue) },
      set: {
        $0.training.loss =
          $1.text.flatMap(Loss.init(rawValue:)) ?? defaults.training.loss
      }),
    ConfigurationKey(
      section: "loss", name: "sampler",
      kind: .choice(TrainingOptions.SamplerKind.allCases.map(\.rawValue)), optional: false,
      get: { .text($0.training.sampler.rawValue) },
      set: {
        $0.training.sampler =
          $1.text.flatMap(TrainingOptions.SamplerKind.init(rawValue:)) ?? defaults.training.sampler
      },
      applies: drawsCandidates),
    ConfigurationKey(
      section: "loss", name: "power", kind: .number(minimum: 0, exclusive: false, maximum: 10),
      optional: false, get: { .number($0.training.power) },
      set: { $0.training.power = $1.number ?? defaults.training.power },
      applies: drawsCandidates),
    ConfigurationKey(
      section: "loss", name: "samples", kind: .integer(minimum: 1, maximum: nil), optional: false,
      get: { .integer($0.training.samples) },
      set: { $0.training.samples = $1.integer ?? defaults.training.samples },
      applies: drawsCandidates),
    ConfigurationKey(
      section: "loss", name: "candidates", kind: .choice(CandidateSharing.allCases.map(\.rawValue)),
      optional: false, get: { .text($0.training.candidateSharing.rawValue) },
      set: {
        $0.training.candidateSharingSetting = $1.text.flatMap(CandidateSharing.init(rawValue:))
      },
      applies: drawsCandidates),
    ConfigurationKey(
      section: "loss", name: "pool", kind: .integer(minimum: 1, maximum: nil), optional: true,
      // Null: four draws per candidate of the run's own S, so that a bench's written config
      // gives each cell its pool again rather than the base loss's (4 × loss.samples) to all.
      get: { $0.training.poolSetting.map(ConfigurationValue.integer) ?? .null },
      set: { $0.training.poolSetting = $1.integer },
      applies: uses(.resample), sampler: .resample),
    ConfigurationKey(
      section: "loss", name: "codewords", kind: .integer(minimum: 1, maximum: 4096),
      optional: false, get: { .integer($0.training.codewords) },
      set: { $0.training.codewords = $1.integer ?? defaults.training.codewords },
      applies: uses(.midx), sampler: .midx),
    ConfigurationKey(
      section: "loss", name: "rebuild_every", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.training.rebuildEvery) },
      set: { $0.training.rebuildEvery = $1.integer ?? defaults.training.rebuildEvery },
      applies: uses(.midx), sampler: .midx),
  ]

  /// The loss draws candidates from `sampler`, whose own keys then mean something.
  private static func uses(_ sampler: TrainingOptions.SamplerKind)
    -> @Sendable (RunConfiguration) -> Bool
  {
    { $0.training.loss.drawsCandidates && $0.training.sampler == sampler }
  }

  private static let training: [ConfigurationKey] = [
    ConfigurationKey(
      section: "training", name: "batch_size", kind: .integer(minimum: 1, maximum: 1 << 20),
      optional: false, get: { .integer($0.training.batchSize) },
      set: { $0.training.batchSize = $1.integer ?? defaults.training.batchSize },
      applies: { drawsCandidates($0) || $0.training.loss == .fullSoftmax }),
    ConfigurationKey(
      section: "training", name: "epochs", kind: .integer(minimum: 1, maximum: nil),
      optional: false,
      get: { .integer($0.training.epochs) },
      set: { $0.training.epochs = $1.integer ?? defaults.training.epochs }),
    ConfigurationKey(
      section: "training", name: "lr", kind: .number(minimum: 0, exclusive: true, maximum: nil),
      optional: true, get: { .number(Double.shortest($0.training.startingLearningRate)) },
      set: { $0.training.learningRate = $1.number.map(Float.init) }),
    ConfigurationKey(
      section: "training", name: "min_lr",
      kind: .number(minimum: 0, exclusive: false, maximum: nil),
      optional: true, get: { .number(Double.shortest($0.training.endingLearningRate)) },
      set: { $0.training.minLearningRate = $1.number.map(Float.init) }),
    ConfigurationKey(
      section: "training", name: "threads", kind: .integer(minimum: 1, maximum: 1024),
      optional: false,
      get: { .integer($0.training.workers) },
      set: { $0.training.workers = $1.integer ?? defaults.training.workers }),
    ConfigurationKey(
      section: "training", name: "pace_threads", kind: .boolean, optional: false,
      get: { .boolean($0.training.pacesWorkers) },
      set: { $0.training.pacesWorkers = $1.boolean ?? defaults.training.pacesWorkers }),
    ConfigurationKey(
      section: "training", name: "seed", kind: .integer(minimum: 0, maximum: nil), optional: false,
      get: { .integer(Int(truncatingIfNeeded: $0.training.seed)) },
      set: { $0.training.seed = $1.integer.map(UInt64.init) ?? defaults.training.seed }),
    ConfigurationKey(
      section: "training", name: "heldout",
      kind: .number(minimum: 0, exclusive: false, maximum: TrainingOptions.maxHeldOutShare),
      optional: false, get: { .number($0.training.heldOutShare) },
      set: { $0.training.heldOutShare = $1.number ?? defaults.training.heldOutShare }),
    ConfigurationKey(
      section: "training", name: "heldout_pairs", kind: .integer(minimum: 0, maximum: nil),
      // Null: decided from the vocabulary, the same way on a resume (`HeldOutCost`).
      optional: true,
      get: { $0.training.heldOutPairsSetting.map(ConfigurationValue.integer) ?? .null },
      set: { $0.training.heldOutPairsSetting = $1.integer }),
    ConfigurationKey(
      section: "training", name: "budget_seconds",
      kind: .number(minimum: 0, exclusive: true, maximum: nil), optional: true,
      get: { $0.training.timeBudget.map(ConfigurationValue.number) ?? .null },
      set: { $0.training.timeBudget = $1.number }),
    ConfigurationKey(
      section: "training", name: "progress_interval",
      kind: .number(minimum: 0, exclusive: true, maximum: nil),
      optional: false, get: { .number($0.training.progressInterval) },
      set: { $0.training.progressInterval = $1.number ?? defaults.training.progressInterval }),
    ConfigurationKey(
      section: "training", name: "sync_seconds",
      kind: .number(minimum: 0, exclusive: true, maximum: nil), optional: true,
      // Null: 2 seconds, or none when sync_words is set (written as set, so that a config read
      // back gives the same settings).
      get: { $0.training.syncSeconds.map(ConfigurationValue.number) ?? .null },
      set: { $0.training.syncSeconds = $1.number }),
    ConfigurationKey(
      section: "training", name: "sync_words", kind: .integer(minimum: 1, maximum: nil),
      optional: true, get: { $0.training.syncWords.map(ConfigurationValue.integer) ?? .null },
      set: { $0.training.syncWords = $1.integer }),
  ]

  private static let output: [ConfigurationKey] = [
    ConfigurationKey(
      section: "output", name: "dir", kind: .text, optional: false, get: { .text($0.output) },
      set: { $0.output = $1.text ?? defaults.output }),
    ConfigurationKey(
      section: "output", name: "neighbors", kind: .texts, optional: false,
      get: { .texts($0.neighbors) }, set: { $0.neighbors = $1.texts ?? defaults.neighbors }),
    ConfigurationKey(
      section: "output", name: "formats", kind: .choice(VectorFileFormats.allCases.map(\.rawValue)),
      optional: true, get: { $0.vectorFormats.map { .text($0.rawValue) } ?? .null },
      set: { $0.vectorFormats = $1.text.flatMap(VectorFileFormats.init(rawValue:)) }),
    ConfigurationKey(
      section: "output", name: "save_output_vectors", kind: .boolean, optional: false,
      get: { .boolean($0.savesOutputVectors) },
      set: { $0.savesOutputVectors = $1.boolean ?? defaults.savesOutputVectors }),
    ConfigurationKey(
      section: "output", name: "checkpoints", kind: .boolean, optional: false,
      get: { .boolean($0.checkpoints) },
      set: { $0.checkpoints = $1.boolean ?? defaults.checkpoints }),
    ConfigurationKey(
      section: "output", name: "checkpoint_minutes",
      kind: .number(minimum: 0, exclusive: true, maximum: nil), optional: true,
      get: { $0.checkpointMinutes.map(ConfigurationValue.number) ?? .null },
      set: { $0.checkpointMinutes = $1.number }),
    ConfigurationKey(
      section: "output", name: "keep_checkpoints", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.keptCheckpoints) },
      set: { $0.keptCheckpoints = $1.integer ?? defaults.keptCheckpoints }),
    ConfigurationKey(
      section: "output", name: "overwrite", kind: .boolean, optional: false,
      get: { .boolean($0.overwrite) }, set: { $0.overwrite = $1.boolean ?? defaults.overwrite }),
    ConfigurationKey(
      section: "output", name: "run_id", kind: .text, optional: true,
      get: { $0.runID.map { .text($0.description) } ?? .null },
      set: { $0.runID = $1.text.flatMap(RunID.init) }),
  ]

  private static let evaluation: [ConfigurationKey] = [
    ConfigurationKey(
      section: "evaluation", name: "analogies", kind: .text, optional: true,
      get: { $0.evaluation.analogies.map(ConfigurationValue.text) ?? .null },
      set: { $0.evaluation.analogies = $1.text }),
    ConfigurationKey(
      section: "evaluation", name: "similarity", kind: .texts, optional: false,
      get: { .texts($0.evaluation.similarity) },
      set: { $0.evaluation.similarity = $1.texts ?? defaults.evaluation.similarity }),
    ConfigurationKey(
      section: "evaluation", name: "restrict_vocab", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.evaluation.restrictVocabulary) },
      set: {
        $0.evaluation.restrictVocabulary = $1.integer ?? defaults.evaluation.restrictVocabulary
      }),
    ConfigurationKey(
      section: "evaluation", name: "after_training", kind: .boolean, optional: false,
      get: { .boolean($0.evaluation.afterTraining) },
      set: { $0.evaluation.afterTraining = $1.boolean ?? defaults.evaluation.afterTraining }),
  ]

  private static let bench: [ConfigurationKey] = [
    ConfigurationKey(
      section: "bench", name: "samplers", kind: .texts, optional: false,
      get: { .texts($0.bench.samplers) },
      set: { $0.bench.samplers = $1.texts ?? defaults.bench.samplers }),
    ConfigurationKey(
      section: "bench", name: "losses", kind: .texts, optional: false,
      get: { .texts($0.bench.losses) }, set: { $0.bench.losses = $1.texts ?? defaults.bench.losses }
    ),
    ConfigurationKey(
      section: "bench", name: "samples", kind: .texts, optional: false,
      get: { .texts($0.bench.samples) },
      set: { $0.bench.samples = $1.texts ?? defaults.bench.samples }),
    ConfigurationKey(
      section: "bench", name: "full_softmax", kind: .boolean, optional: false,
      get: { .boolean($0.bench.fullSoftmax) },
      set: { $0.bench.fullSoftmax = $1.boolean ?? defaults.bench.fullSoftmax }),
    ConfigurationKey(
      section: "bench", name: "eval_interval",
      kind: .number(minimum: 0, exclusive: true, maximum: nil), optional: false,
      get: { .number($0.bench.evaluationInterval) },
      set: { $0.bench.evaluationInterval = $1.number ?? defaults.bench.evaluationInterval }),
    ConfigurationKey(
      section: "bench", name: "heldout_pairs", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.bench.heldOutPairs) },
      set: { $0.bench.heldOutPairs = $1.integer ?? defaults.bench.heldOutPairs }),
    ConfigurationKey(
      section: "bench", name: "probe_pairs", kind: .integer(minimum: 1, maximum: nil),
      optional: false, get: { .integer($0.bench.probePairs) },
      set: { $0.bench.probePairs = $1.integer ?? defaults.bench.probePairs }),
    ConfigurationKey(
      section: "bench", name: "probe_draws", kind: .integer(minimum: 2, maximum: nil),
      optional: false, get: { .integer($0.bench.probeDraws) },
      set: { $0.bench.probeDraws = $1.integer ?? defaults.bench.probeDraws }),
    ConfigurationKey(
      section: "bench", name: "planted_group_size", kind: .integer(minimum: 1, maximum: nil),
      optional: true,
      get: { $0.bench.plantedGroupSize.map(ConfigurationValue.integer) ?? .null },
      set: { $0.bench.plantedGroupSize = $1.integer }),
    ConfigurationKey(
      section: "bench", name: "seeds", kind: .texts, optional: true,
      get: { $0.bench.seeds.map(ConfigurationValue.texts) ?? .null },
      set: { $0.bench.seeds = $1.texts }),
  ]
}

extension Double {
  /// The Double that prints as `value`'s shortest decimal form (0.025, not 0.0250000004), which
  /// converts back to the same Float.
  package static func shortest(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }
}

extension ConfigurationValue {
  var integer: Int? { if case .integer(let value) = self { value } else { nil } }
  var number: Double? {
    switch self {
    case .number(let value): value
    case .integer(let value): Double(value)
    default: nil
    }
  }
  var boolean: Bool? { if case .boolean(let value) = self { value } else { nil } }
  var text: String? { if case .text(let value) = self { value } else { nil } }
  var texts: [String]? { if case .texts(let value) = self { value } else { nil } }
}
