import Foundation

/// Turns options into a running trainer: the one `switch` over samplers and losses, after which
/// everything is generic and specialized (fastText's `createLoss`, at compile time).
public enum TrainerFactory {
  /// Checks the options, the model's size against available memory, decides the held-out
  /// pairs when none are set (`HeldOutCost`), and trains (with the counting pass's `spool`,
  /// when it wrote one; from `initialVectors`, when given).
  /// - Throws: `TrainingError` or `SamplerError` for options that cannot work, and whatever
  ///   training throws.
  public static func train(
    options: TrainingOptions, source: any Corpus, vocabulary: Vocabulary,
    checkpoints: CheckpointFolder? = nil, checkpointInterval: Double? = nil,
    resume: Checkpoint? = nil,
    stop: StopRequest? = nil, spool: IDSpool? = nil, initialVectors: InitialVectors? = nil,
    synchronizer: ModelSynchronizer? = nil,
    report: @escaping @Sendable (ProgressTick) -> Void = { _ in },
    monitor: (@Sendable (Model, ProgressTick) -> Void)? = nil
  ) throws -> TrainingRun {
    let processes = synchronizer?.group.size ?? 1
    try check(options, vocabulary: vocabulary, processes: processes)
    let options = HeldOutCost.decided(options, vocabulary: vocabulary, processes: processes)
    func run<TrainedLoss: TrainingLoss>(_ loss: TrainedLoss, maxOutputs: Int) throws -> TrainingRun
    {
      try Trainer(
        options: options, source: source, vocabulary: vocabulary, loss: loss, maxOutputs: maxOutputs
      )
      .run(
        checkpoints: checkpoints, checkpointInterval: checkpointInterval, resume: resume,
        stop: stop, spool: spool, initialVectors: initialVectors, synchronizer: synchronizer,
        report: report, monitor: monitor)
    }
    switch options.loss {
    case .fullSoftmax:
      return try run(
        FullSoftmaxTrainingLoss(
          architecture: options.architecture, dimensions: options.dimensions,
          vocabularySize: vocabulary.count, batchSize: options.batchSize),
        maxOutputs: 1)
    case .hierarchicalSoftmax:
      let loss = HierarchicalSoftmaxLoss(
        tree: HuffmanTree(vocabulary: vocabulary), architecture: options.architecture)
      return try run(loss, maxOutputs: loss.maxOutputs)
    case .negativeSampling, .nce, .sampledSoftmax: break
    }
    func batchSampled<Proposal: BatchProposal>(_ proposal: Proposal) throws -> TrainingRun {
      try run(
        BatchSampledLoss(
          sampler: proposal, objective: options.loss, architecture: options.architecture,
          samples: options.samples, batchSize: options.batchSize),
        maxOutputs: 1)
    }
    func sampled<Sampler: CandidateSampler & BatchProposal>(_ sampler: Sampler) throws
      -> TrainingRun
    {
      if options.candidateSharing == .perBatch { return try batchSampled(sampler) }
      let loss = SampledWindowLoss(
        sampler: sampler, objective: options.loss, architecture: options.architecture,
        samples: options.samples, sharing: options.candidateSharing)
      return try run(loss, maxOutputs: loss.maxOutputs)
    }
    // Concrete types in each case, so that the trainer is specialized for each sampler.
    switch options.sampler {
    case .uniform: return try sampled(UniformSampler(rangeMax: vocabulary.count))
    case .logUniform: return try sampled(LogUniformSampler(rangeMax: vocabulary.count))
    case .unigram: return try sampled(UnigramSampler(vocabulary: vocabulary, power: options.power))
    case .midx: return try batchSampled(midx(options, vocabulary: vocabulary))
    case .resample: return try batchSampled(resampler(options, vocabulary: vocabulary))
    }
  }

  /// The `midx` proposal the options describe.
  static func midx(_ options: TrainingOptions, vocabulary: Vocabulary) throws
    -> InvertedMultiIndexSampler
  {
    try InvertedMultiIndexSampler(
      rangeMax: vocabulary.count, codewords: options.codewords, rebuildEvery: options.rebuildEvery)
  }

  /// The `resample` proposal the options describe.
  static func resampler(_ options: TrainingOptions, vocabulary: Vocabulary) throws
    -> ImportanceResampler
  {
    ImportanceResampler(
      base: try UnigramSampler(vocabulary: vocabulary, power: options.power), pool: options.pool)
  }

  /// The proposal a minibatch of batch candidates draws from under the options, for code off
  /// the hot path (the bench's gradient diagnostics of a cell with batch candidates): the fixed
  /// samplers as they are, midx and resample with their settings.
  /// - Throws: `SamplerError` for a range or power it cannot take.
  public static func proposal(_ options: TrainingOptions, vocabulary: Vocabulary) throws
    -> any BatchProposal
  {
    switch options.sampler {
    case .uniform: return try UniformSampler(rangeMax: vocabulary.count)
    case .logUniform: return try LogUniformSampler(rangeMax: vocabulary.count)
    case .unigram: return try UnigramSampler(vocabulary: vocabulary, power: options.power)
    case .midx: return try midx(options, vocabulary: vocabulary)
    case .resample: return try resampler(options, vocabulary: vocabulary)
    }
  }

  /// The candidate sampler the options name, over the vocabulary's ids, for code off the hot
  /// path (the bench's gradient diagnostics of window candidates). The samplers that follow the
  /// model have no fixed Q: for them, the unigram^α sampler, resample's pool, which the checks
  /// of the options can build (their own Q is `proposal`'s, drawn per batch).
  /// - Throws: `SamplerError` for a range or power it cannot take.
  public static func sampler(_ options: TrainingOptions, vocabulary: Vocabulary) throws
    -> any CandidateSampler
  {
    switch options.sampler {
    case .uniform: return try UniformSampler(rangeMax: vocabulary.count)
    case .logUniform: return try LogUniformSampler(rangeMax: vocabulary.count)
    case .unigram, .midx, .resample:
      return try UnigramSampler(vocabulary: vocabulary, power: options.power)
    }
  }

  static func validate(_ options: TrainingOptions) throws {
    func check(_ condition: Bool, _ name: String, _ reason: String) throws {
      if !condition { throw TrainingError.invalidOption(name: name, reason: reason) }
    }
    try check(options.dimensions >= 1, "dim", "the vector size must be at least 1")
    try check(options.window >= 1, "window", "the window must be at least 1")
    try check(options.samples >= 1, "samples", "at least one candidate is needed")
    try check(options.batchSize >= 1, "batch_size", "a minibatch holds at least one example")
    try check(options.epochs >= 1, "epochs", "at least one epoch is needed")
    try check(options.workers >= 1, "threads", "at least one thread is needed")
    // Each number is checked finite first: NaN fails every comparison below, so it would pass.
    try check(options.subsample.isFinite, "subsample", "the threshold must be a finite number")
    try check(options.subsample >= 0, "subsample", "the threshold cannot be negative")
    // The rates are Floats: a Double too large for one becomes infinite.
    try check(
      options.startingLearningRate.isFinite, "lr", "the learning rate must be a finite number")
    try check(options.startingLearningRate > 0, "lr", "the learning rate must be positive")
    try check(
      options.endingLearningRate.isFinite, "min_lr",
      "the final learning rate must be a finite number")
    try check(
      options.endingLearningRate >= 0, "min_lr", "the final learning rate cannot be negative")
    try check(options.power.isFinite, "power", "the unigram power must be a finite number")
    try check(options.power >= 0, "power", "the unigram power cannot be negative")
    if options.loss.drawsCandidates, options.sampler.followsModel {
      try check(
        options.candidateSharing == .perBatch, "sampler",
        "\(options.sampler.rawValue) reads the model once per minibatch of examples, and "
          + "candidates are shared per \(options.candidateSharing.rawValue) here; give "
          + "--candidates batch (loss.candidates: batch), or another sampler")
    }
    if options.loss.drawsCandidates, options.sampler == .midx {
      try check(
        options.dimensions >= 2, "sampler",
        "midx splits each output row into two halves, and a row of 1 dimension has no two; give "
          + "--dim 2 or more, or another sampler")
      try check(options.codewords >= 1, "codewords", "a half needs at least one codeword")
      try check(options.rebuildEvery >= 1, "rebuild_every", "a rebuild is every 1 batch or more")
    }
    if options.loss.drawsCandidates, options.sampler == .resample {
      try check(
        options.pool >= options.samples, "pool",
        "the pool's \(options.pool) draws must hold the \(options.samples) candidates; give "
          + "--pool \(options.samples) or more")
    }
    try check(
      (0...TrainingOptions.maxHeldOutShare).contains(options.heldOutShare), "heldout",
      "the held-out share must be a number from 0 to \(TrainingOptions.maxHeldOutShare)")
    try check(
      options.progressInterval.isFinite && options.progressInterval > 0, "progress_interval",
      "the interval must be a finite number of seconds above 0")
    if let seconds = options.syncSeconds {
      try check(
        seconds.isFinite && seconds > 0, "sync_seconds",
        "the interval must be a finite number of seconds above 0")
    }
    if let words = options.syncWords {
      try check(words >= 1, "sync_words", "the interval must be at least 1 word")
    }
    if let budget = options.timeBudget {
      try check(
        budget.isFinite && budget > 0, "budget_seconds",
        "a time budget must be a finite number of seconds above 0")
    }
  }
}
