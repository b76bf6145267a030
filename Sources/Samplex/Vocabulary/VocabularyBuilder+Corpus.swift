import Synchronization

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
  ///
  /// Where the corpus splits into fixed shards, the run's workers count their shards in
  /// parallel, and with a `spool` (of as many workers) each spools its shard as it counts, so
  /// that no epoch reads the text; the vocabulary is the one a single pass gives (the same
  /// counts and ids). Otherwise, or when a worker's table outgrew the limit on distinct words
  /// (a single pass would have pruned where the parts cannot tell), one sequential pass counts.
  /// `maxDistinct` is how many distinct tokens a count holds before the rarest are pruned.
  /// - Throws: `CorpusError` for unreadable input, `VocabularyError` when no word is left.
  public static func vocabulary(
    of source: TextSource, options: TrainingOptions, spool: IDSpool? = nil,
    maxDistinct: Int = 10_000_000
  ) throws -> (vocabulary: Vocabulary, statistics: TokenizerStatistics) {
    precondition(spool == nil || spool?.workers == options.workers, "one spool file per worker")
    let tokenizer = TokenizerOptions(lowercase: options.lowercase)
    func build(_ builder: VocabularyBuilder) throws -> Vocabulary {
      try builder.build(
        minCount: options.minCount, maxSize: options.maxVocabularySize, corpus: source.path)
    }
    if options.workers > 1 || spool != nil, options.workers >= 1,
      try source.givesFixedShards(workers: options.workers)
    {
      let (builders, statistics) = try countingInParallel(
        source, options: tokenizer, workers: options.workers, spool: spool,
        maxDistinct: maxDistinct)
      if let merged = merged(builders) {
        guard statistics.tokens > 0 else { throw CorpusError.empty(path: source.path) }
        let vocabulary = try build(merged)
        spool?.useIDs(builders.map { $0.spoolIDs(in: vocabulary) })
        return (vocabulary, statistics)
      }
      spool?.discard()
    }
    let (builder, statistics) = try counting(source, options: tokenizer, maxDistinct: maxDistinct)
    return (try build(builder), statistics)
  }

  /// Each of `workers` workers counts its shard of `source` (and spools it, with a `spool`);
  /// the workers' builders in shard order, and their statistics together.
  private static func countingInParallel(
    _ source: TextSource, options: TokenizerOptions, workers: Int, spool: IDSpool?,
    maxDistinct: Int
  ) throws -> (builders: [VocabularyBuilder], statistics: TokenizerStatistics) {
    let results = Mutex([(VocabularyBuilder, TokenizerStatistics)?](repeating: nil, count: workers))
    try source.readInParallel(workers: workers) { worker, reader in
      var builder = VocabularyBuilder(maxDistinct: maxDistinct)
      let statistics = try IDSpool.tokenize(
        &reader, options: options, into: &builder, spool: spool, worker: worker
      ) { $0.counting($1, worker: worker) }
      results.withLock { $0[worker] = (builder, statistics) }
    }
    let counted = results.withLock { $0.map { $0! } }
    var statistics = TokenizerStatistics()
    for (_, part) in counted { statistics.merge(part) }
    return (counted.map(\.0), statistics)
  }
}
