extension VocabularyBuilder {
  /// How a counting pass's tables overflow: past how many distinct tokens, how, and where
  /// spilled runs go.
  struct CountingLimit {
    var maxDistinct: Int
    var overflow: VocabularyOverflow
    var spillDirectory: String?

    /// The limit `options` set (`vocabulary.max_distinct`, `vocabulary.overflow`).
    init(_ options: TrainingOptions) {
      maxDistinct = options.maxDistinct
      overflow = options.vocabularyOverflow
    }

    init(maxDistinct: Int, overflow: VocabularyOverflow, spillDirectory: String?) {
      self.maxDistinct = maxDistinct
      self.overflow = overflow
      self.spillDirectory = spillDirectory
    }

    /// A builder for part `part` of the corpus, holding up to `maxDistinct` tokens.
    func builder(maxDistinct: Int, part: Int = 0) -> VocabularyBuilder {
      VocabularyBuilder(
        maxDistinct: maxDistinct, overflow: overflow, part: part, spillDirectory: spillDirectory)
    }
  }
}
