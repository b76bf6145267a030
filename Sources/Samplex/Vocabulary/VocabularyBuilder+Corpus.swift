import Synchronization

extension VocabularyBuilder {
  /// Counts the tokens of a whole corpus in one sequential streaming pass, the table
  /// overflowing past `maxDistinct` distinct tokens as `overflow` says (spilled runs made in
  /// `spillDirectory`).
  /// - Throws: `CorpusError` for unreadable input or a corpus without tokens,
  ///   `VocabularyError.spillFailed` when a spilled run cannot be written.
  public static func counting(
    _ source: any Corpus, options: TokenizerOptions, maxDistinct: Int = defaultMaxDistinct,
    overflow: VocabularyOverflow = .spill, spillDirectory: String? = nil
  ) throws -> (builder: VocabularyBuilder, statistics: TokenizerStatistics) {
    var builder = VocabularyBuilder(
      maxDistinct: maxDistinct, overflow: overflow, spillDirectory: spillDirectory)
    var reader = try source.sequentialReader()
    let statistics = try TokenStream.tokenize(&reader, options: options, into: &builder)
    try builder.finishSpilling()
    guard statistics.tokens > 0 else { throw CorpusError.empty(path: source.path) }
    return (builder, statistics)
  }

  /// Counts the tokens of a whole corpus with `workers` workers, each counting its shard in
  /// parallel, where the corpus splits into fixed shards; the merged count is the one a single
  /// pass gives (the same words, counts and order of first appearance). Each worker holds its
  /// share of `maxDistinct` distinct tokens; past it, a spilling worker spills its own runs,
  /// which the merge takes with the others. Other text, and with `prune` a corpus whose shards
  /// hold more than their share, is counted by one sequential pass (which overflows as
  /// `counting(_:options:maxDistinct:overflow:spillDirectory:)` does).
  /// - Throws: `CorpusError` for unreadable input or a corpus without tokens,
  ///   `VocabularyError.spillFailed` when a spilled run cannot be written or read back.
  public static func counting(
    _ source: any Corpus, options: TokenizerOptions, maxDistinct: Int = defaultMaxDistinct,
    overflow: VocabularyOverflow = .spill, spillDirectory: String? = nil,
    workers: Int
  ) throws -> (builder: VocabularyBuilder, statistics: TokenizerStatistics) {
    let limit = CountingLimit(
      maxDistinct: maxDistinct, overflow: overflow, spillDirectory: spillDirectory)
    if workers > 1,
      let counted = try countedInShards(
        source, options: options, workers: workers, spool: nil, limit: limit)
    {
      guard counted.statistics.tokens > 0 else { throw CorpusError.empty(path: source.path) }
      return (counted.merged, counted.statistics)
    }
    return try counting(
      source, options: options, maxDistinct: maxDistinct, overflow: overflow,
      spillDirectory: spillDirectory)
  }

  /// The vocabulary a training run with `options` uses: one counting pass over `source`, then
  /// `min_count` and `max_size` applied; with the pass's statistics.
  ///
  /// Where the corpus splits into fixed shards, the run's workers count their shards in
  /// parallel, and with a `spool` (of as many workers) each spools its shard as it counts; the
  /// vocabulary is the one a single pass gives (the same counts and ids). Other text (standard
  /// input, a single-frame `.zst`) is counted by one sequential pass, which with a spool deals
  /// its sentences out to the workers' files. Either way no epoch reads the text again. When
  /// a worker's shard holds more than its share of `options.maxDistinct` distinct tokens, the
  /// worker spills its table (`VocabularyOverflow.spill`) and the vocabulary is still the
  /// exact one; or (`prune`) one sequential pass counts again, pruning the rarest once the
  /// whole corpus's distinct tokens pass `maxDistinct`. A spilled or pruned count's spool files
  /// are not used (either renumbers the table), and the first epoch reads the text. Every byte
  /// the readers give is added to `bytesRead`, for a display of the pass's progress (a count
  /// done again adds its bytes again).
  /// - Throws: `CorpusError` for unreadable input, `VocabularyError` when no word is left or a
  ///   spilled run cannot be written or read back.
  public static func vocabulary(
    of source: any Corpus, options: TrainingOptions, spool: IDSpool? = nil,
    bytesRead: BytesRead? = nil
  ) throws -> (vocabulary: Vocabulary, statistics: TokenizerStatistics) {
    let counted = try counted(source, options: options, spool: spool, bytesRead: bytesRead)
    guard counted.statistics.tokens > 0 else { throw CorpusError.empty(path: source.path) }
    let vocabulary = try counted.merged.build(
      minCount: options.minCount, maxSize: options.maxVocabularySize, corpus: source.path)
    counted.spoolIDs(in: vocabulary, spool: spool)
    return (vocabulary, counted.statistics)
  }

  /// What a counting pass over a corpus (or a process's part of one) found: the workers'
  /// tables, the whole count, and the tokenizer's statistics.
  struct Counted {
    var builders: [VocabularyBuilder]
    var merged: VocabularyBuilder
    var statistics: TokenizerStatistics

    /// Tells a complete `spool` how its files' indices map to `vocabulary`'s ids.
    func spoolIDs(in vocabulary: Vocabulary, spool: IDSpool?) {
      guard let spool, spool.isComplete else { return }
      // Each worker's file holds indices of its own table, or, dealt out by one pass, of its one.
      let ids = builders.map { $0.spoolIDs(in: vocabulary) }
      spool.useIDs(
        ids.count == spool.workers ? ids : Array(repeating: ids[0], count: spool.workers))
    }
  }

  /// The counting pass of `vocabulary(of:options:spool:bytesRead:)`, before `min_count` and
  /// `max_size`: in shards where the corpus splits into fixed ones, else one sequential pass.
  static func counted(
    _ source: any Corpus, options: TrainingOptions, spool: IDSpool?, bytesRead: BytesRead?
  ) throws -> Counted {
    precondition(spool == nil || spool?.workers == options.workers, "one spool file per worker")
    let tokenizer = TokenizerOptions(lowercase: options.lowercase)
    let limit = CountingLimit(options)
    if options.workers > 1 || spool != nil,
      let counted = try countedInShards(
        source, options: tokenizer, workers: options.workers, spool: spool, limit: limit,
        bytesRead: bytesRead)
    {
      return Counted(
        builders: counted.builders, merged: counted.merged, statistics: counted.statistics)
    }
    // One reader in order: the workers' files get the corpus's sentences in turns.
    var builder = limit.builder(maxDistinct: limit.maxDistinct)
    var reader = try source.sequentialReader()
    if let bytesRead { reader = bytesRead.counting(reader) }
    let statistics = try IDSpool.tokenize(
      &reader, options: tokenizer, into: &builder, spool: spool
    ) {
      $0.counting($1, workers: Array(0..<$0.workers))
    }
    try builder.finishSpilling()
    return Counted(builders: [builder], merged: builder, statistics: statistics)
  }

  /// Each of `workers` workers counts its shard (and spools it, with a `spool`), and the tables
  /// merge into the single pass's count; nil where the corpus does not split into fixed shards
  /// or, pruning, a shard held more than its share of `maxDistinct`. The spool's files are
  /// discarded when they cannot be replayed (a table pruned or spilled).
  private static func countedInShards(
    _ source: any Corpus, options: TokenizerOptions, workers: Int, spool: IDSpool?,
    limit: CountingLimit, bytesRead: BytesRead? = nil
  ) throws -> (
    builders: [VocabularyBuilder], merged: VocabularyBuilder, statistics: TokenizerStatistics
  )? {
    guard workers >= 1, try source.givesFixedShards(workers: workers) else { return nil }
    let (builders, statistics) = try countingInParallel(
      source, options: options, workers: workers, spool: spool, limit: limit,
      bytesRead: bytesRead)
    guard let merged = try merged(builders, maxDistinct: limit.maxDistinct) else {
      spool?.discard()
      return nil
    }
    // A worker that spilled renumbered its table, so no file of this pass is replayed: the
    // first epoch writes them all again, and the whole ones go now rather than then.
    if !merged.tableHoldsEveryToken { spool?.discard() }
    return (builders, merged, statistics)
  }

  /// Each of `workers` workers counts its shard of `source` (and spools it, with a `spool`);
  /// the workers' builders in shard order, and their statistics together. Each worker may hold
  /// its share of `maxDistinct` distinct tokens, so that the tables together take no more memory
  /// than one pass's; a worker whose shard holds more spills its own runs (finished before it
  /// returns, so that its table is empty), or prunes, and the caller counts again in one pass.
  private static func countingInParallel(
    _ source: any Corpus, options: TokenizerOptions, workers: Int, spool: IDSpool?,
    limit: CountingLimit, bytesRead: BytesRead?
  ) throws -> (builders: [VocabularyBuilder], statistics: TokenizerStatistics) {
    let results = Mutex([(VocabularyBuilder, TokenizerStatistics)?](repeating: nil, count: workers))
    try source.readInParallel(workers: workers) { worker, reader in
      if let bytesRead { reader = bytesRead.counting(reader) }
      var builder = limit.builder(maxDistinct: max(1, limit.maxDistinct / workers), part: worker)
      let statistics = try IDSpool.tokenize(
        &reader, options: options, into: &builder, spool: spool
      ) { $0.counting($1, workers: [worker]) }
      try builder.finishSpilling()
      results.withLock { $0[worker] = (builder, statistics) }
    }
    let counted = results.withLock { $0.map { $0! } }
    var statistics = TokenizerStatistics()
    for (_, part) in counted { statistics.merge(part) }
    return (counted.map(\.0), statistics)
  }
}
