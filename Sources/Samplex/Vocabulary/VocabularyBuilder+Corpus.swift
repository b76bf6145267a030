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
}
