/// The checks of `TrainerFactory.train`, for a caller that must refuse a run before it writes
/// anything: `samplex train` runs them before it touches the run folder.
extension TrainerFactory {
  /// Refuses options that cannot work; with the `vocabulary`, also a model too large for the
  /// available memory and a sampler that cannot draw from it.
  /// - Throws: `TrainingError.invalidOption`, `.modelTooLarge` or `SamplerError`.
  public static func check(_ options: TrainingOptions, vocabulary: Vocabulary? = nil) throws {
    try validate(options)
    guard let vocabulary else { return }
    let bytes = Model.memoryBytes(vocabularySize: vocabulary.count, dimensions: options.dimensions)
    if let available = availableMemory(), bytes > available {
      throw TrainingError.modelTooLarge(bytes: bytes, available: available)
    }
    guard options.loss != .fullSoftmax else { return }
    let sampler = try sampler(options, vocabulary: vocabulary)
    // A batch's candidates are distinct (TensorFlow's `unique`).
    if options.candidateSharing == .perBatch {
      try sampler.checkCanDraw(options.samples, unique: true)
    }
  }
}
