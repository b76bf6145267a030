extension VocabularyBuilder {
  /// Counts the tokens of a whole corpus in one sequential streaming pass.
  /// - Throws: `CorpusError` for unreadable input or a corpus without tokens.
  public static func counting(
    _ source: TextSource, options: TokenizerOptions, maxDistinct: Int = 10_000_000
  ) throws(CorpusError) -> (builder: VocabularyBuilder, statistics: TokenizerStatistics) {
    var builder = VocabularyBuilder(maxDistinct: maxDistinct)
    var reader = try source.sequentialReader()
    let statistics = try TokenStream.tokenize(&reader, options: options, into: &builder)
    guard statistics.tokens > 0 else { throw .empty(path: source.path) }
    return (builder, statistics)
  }

  /// The vocabulary a training run with `options` uses: one counting pass over `source`, then
  /// `min_count` and `max_size` applied; with the pass's statistics.
  /// - Throws: `CorpusError` for unreadable input, `VocabularyError` when no word is left.
  public static func vocabulary(of source: TextSource, options: TrainingOptions) throws -> (
    vocabulary: Vocabulary, statistics: TokenizerStatistics
  ) {
    let (builder, statistics) = try counting(
      source, options: TokenizerOptions(lowercase: options.lowercase))
    let vocabulary = try builder.build(
      minCount: options.minCount, maxSize: options.maxVocabularySize, corpus: source.path)
    return (vocabulary, statistics)
  }
}
