/// The checks of `TrainerFactory.train`, for a caller that must refuse a run before it writes
/// anything: `samplex train` runs them before it touches the run folder.
extension TrainerFactory {
  /// Refuses options that cannot work; with the `vocabulary`, also a model too large for the
  /// available memory (for more than one of `processes`, with the copy of the agreed model each
  /// keeps) and a sampler that cannot draw from it.
  /// - Throws: `TrainingError.invalidOption`, `.scratchTooLarge`, `.modelTooLarge` or
  ///   `SamplerError`.
  public static func check(
    _ options: TrainingOptions, vocabulary: Vocabulary? = nil, processes: Int = 1
  ) throws {
    try validate(options)
    let available = AvailableMemory.bytes()
    // The workers' scratch grows with the settings alone, so that it is checked before the
    // vocabulary pass: `--samples 1000000000` would otherwise abort in the allocation.
    let scratch = scratchBytes(options)
    if let available, scratch > available {
      throw TrainingError.scratchTooLarge(bytes: scratch, available: available)
    }
    guard let vocabulary else { return }
    let bytes = memoryBytes(options, vocabularySize: vocabulary.count, processes: processes)
    if let available, bytes > available {
      throw TrainingError.modelTooLarge(bytes: bytes, available: available)
    }
    guard options.loss.drawsCandidates else { return }
    // The sampler's own checks (a range or power it cannot take).
    _ = try sampler(options, vocabulary: vocabulary)
    guard options.samples > vocabulary.count else { return }
    // A batch's candidates are distinct (TensorFlow's `unique`). A window's are drawn with
    // replacement, but more of them than words is refused too, as TensorFlow's samplers refuse
    // it: clamping would change the loss's corrections (log S·Q) unasked, and each window would
    // update S output rows (the issue saw a minute without progress, where a stop is noticed).
    throw TrainingError.invalidOption(
      name: "samples",
      reason: options.candidateSharing == .perBatch
        ? "a minibatch's \(options.samples) candidates are distinct, and the vocabulary has "
          + "\(vocabulary.count) words; lower --samples or give --candidates window"
        : "a window's \(options.samples) candidates are more than the vocabulary's "
          + "\(vocabulary.count) words, which no sampled loss needs; lower --samples to at most "
          + "\(vocabulary.count)")
  }

  /// Bytes a run allocates that grow with its settings: the model's tables, the workers'
  /// scratch (`scratchBytes`) and the hierarchical softmax's tree; for more than one of
  /// `processes`, each also keeps the model as they last agreed on it (`AgreedModel`: a second
  /// copy of the tables and two slices of at most 2^20 floats to send).
  static func memoryBytes(_ options: TrainingOptions, vocabularySize: Int, processes: Int = 1)
    -> Int
  {
    let model = Model.memoryBytes(vocabularySize: vocabularySize, dimensions: options.dimensions)
    let tree = options.loss == .hierarchicalSoftmax ? treeBytes(vocabularySize: vocabularySize) : 0
    let agreed = processes > 1 ? sum([model, product(2, 1 << 20, MemoryLayout<Float>.stride)]) : 0
    return sum([
      model, scratchBytes(options), tree, proposalIndexBytes(options, vocabularySize), agreed,
    ]) ?? .max
  }

  /// What each worker's proposal keeps per word when it follows the model: midx's two
  /// assignments and its rows grouped by cell (`Int32`), each row's weight and its running sum
  /// within its cell (`Double`); resample's pool entry of each id (`Int32`).
  static func proposalIndexBytes(_ options: TrainingOptions, _ vocabularySize: Int) -> Int? {
    guard options.loss.drawsCandidates, options.candidateSharing == .perBatch else { return 0 }
    let (int32, double) = (MemoryLayout<Int32>.stride, MemoryLayout<Double>.stride)
    let perWord: Int
    switch options.sampler {
    case .uniform, .logUniform, .unigram: return 0
    case .midx: perWord = 3 * int32 + 2 * double
    case .resample: perWord = int32
    }
    return product(perWord, vocabularySize, options.workers)
  }

  /// Each worker's buffers of a proposal that follows the model, whatever the vocabulary:
  /// midx's B × K scores, marginals and running sums (about 5 floats each), K-means's
  /// block of 1,024 × K scores and the index's K × K cell sizes and starts (and the starts'
  /// copy while it is rebuilt); resample's pool rows and scores (M × (d + B) floats, and 3
  /// doubles per entry) and the true classes' rows and scores (B × (d + B) floats).
  static func proposalBytes(_ options: TrainingOptions) -> Int? {
    let (b, d, float) = (options.batchSize, options.dimensions, MemoryLayout<Float>.stride)
    switch options.sampler {
    case .uniform, .logUniform, .unigram: return 0
    case .midx:
      return sum([
        product(5, b, options.codewords), product(1024, options.codewords),
        product(3, options.codewords, options.codewords),
      ])
      .flatMap { product($0, float) }
    case .resample:
      return sum([
        product(options.pool, d + b), product(options.pool, 6), product(b, d + b),
      ]).flatMap { product($0, float) }
    }
  }

  /// The Huffman tree's paths (an inner-node id and a code byte per step) and offsets, taking
  /// each word's path as twice a balanced tree's depth: a Zipfian vocabulary's rarest words sit
  /// deeper than log2 V, its frequent ones far shallower.
  static func treeBytes(vocabularySize v: Int) -> Int {
    let depth = 2 * (Int.bitWidth - max(v, 1).leadingZeroBitCount)
    return product(v, 8 + 5 * depth) ?? .max
  }

  /// Bytes the workers' scratch takes, whatever the vocabulary: with batch candidates each
  /// worker's minibatch buffers (the B × S logits, the gathered inputs and their gradients, the
  /// candidates' rows and their gradients); with window candidates each `Workspace`'s buffers
  /// over S + 1 outputs (their ids, corrections, masks, logits, gradients and row pointers, and
  /// the 2 × window × outputs gradient block); for every loss the window update's deferred
  /// context updates (d floats for each of 2 × window contexts). `Int.max` when the product
  /// overflows, as a flag can ask for any size.
  static func scratchBytes(_ options: TrainingOptions) -> Int {
    let (b, s, d) = (options.batchSize, options.samples, options.dimensions)
    let float = MemoryLayout<Float>.stride
    // WindowUpdateScratch: 2 × window contexts of d + 6 floats, and a zero row.
    let contextUpdates = d < Int.max - 7 ? product(2, options.window, d + 7, float) : nil
    guard options.loss.drawsCandidates else {
      return contextUpdates.flatMap { product($0, options.workers) } ?? .max
    }
    let perWorker: Int?
    if options.candidateSharing == .perBatch {
      perWorker = sum([
        sum([product(b, s), product(2, b, d), product(2, s, d)]).flatMap { product($0, float) },
        contextUpdates, proposalBytes(options),
      ])
    } else {
      let outputs = s.addingReportingOverflow(1)
      let perOutput =
        2 * MemoryLayout<Int32>.stride + 3 * float + MemoryLayout<Bool>.stride
        + MemoryLayout<UnsafeMutablePointer<Float>>.stride
      perWorker =
        outputs.overflow
        ? nil
        : sum([
          product(outputs.partialValue, perOutput), contextUpdates,
          product(2, options.window, outputs.partialValue, float),
        ])
    }
    return perWorker.flatMap { product($0, options.workers) } ?? .max
  }

  private static func product(_ factors: Int...) -> Int? { MemoryCheck.product(factors) }

  private static func sum(_ terms: [Int?]) -> Int? { MemoryCheck.sum(terms) }
}
