/// The checks of `TrainerFactory.train`, for a caller that must refuse a run before it writes
/// anything: `samplex train` runs them before it touches the run folder.
extension TrainerFactory {
  /// Refuses options that cannot work; with the `vocabulary`, also a model too large for the
  /// available memory and a sampler that cannot draw from it.
  /// - Throws: `TrainingError.invalidOption`, `.modelTooLarge` or `SamplerError`.
  public static func check(_ options: TrainingOptions, vocabulary: Vocabulary? = nil) throws {
    try validate(options)
    guard let vocabulary else { return }
    let bytes = memoryBytes(options, vocabularySize: vocabulary.count)
    if let available = availableMemory(), bytes > available {
      throw TrainingError.modelTooLarge(bytes: bytes, available: available)
    }
    guard options.loss != .fullSoftmax else { return }
    // The sampler's own checks (a range or power it cannot take).
    _ = try sampler(options, vocabulary: vocabulary)
    // A batch's candidates are distinct (TensorFlow's `unique`).
    if options.candidateSharing == .perBatch, options.samples > vocabulary.count {
      throw TrainingError.invalidOption(
        name: "samples",
        reason:
          "a minibatch's \(options.samples) candidates are distinct, and the vocabulary has "
          + "\(vocabulary.count) words; lower --samples or give --candidates window")
    }
  }

  /// Bytes a run allocates that grow with its settings: the model's tables and, with batch
  /// candidates, each worker's minibatch buffers (the B × S logits, the gathered inputs and
  /// their gradients, the candidates' rows and their gradients).
  static func memoryBytes(_ options: TrainingOptions, vocabularySize: Int) -> Int {
    let model = Model.memoryBytes(vocabularySize: vocabularySize, dimensions: options.dimensions)
    guard options.loss != .fullSoftmax, options.candidateSharing == .perBatch else { return model }
    let (b, s, d) = (options.batchSize, options.samples, options.dimensions)
    let perWorker = (b * s + 2 * b * d + 2 * s * d) * MemoryLayout<Float>.stride
    return model + options.workers * perWorker
  }
}
