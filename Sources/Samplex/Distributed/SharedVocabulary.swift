/// The vocabulary of a corpus counted by several processes, each its own part
/// (`TextSource.part(_:of:)`): the one a single process counting the whole corpus builds.
package enum SharedVocabulary {
  /// Counts this process's `part` (spooling it, with a `spool`), gathers every process's counts
  /// at process 0, which merges them in corpus order and applies `min_count` and `max_size`,
  /// and hands the vocabulary to every process; with the whole corpus's token count.
  /// - Throws: `CorpusError` for unreadable input or a corpus without tokens,
  ///   `VocabularyError` when no word is left, `DistributedTrainingError` when a part held
  ///   more than `options.maxDistinct` distinct tokens or the processes' vocabularies differ
  ///   (on processes other than 0, `.processZeroFailed` where process 0's merge failed).
  package static func vocabulary(
    of part: any Corpus, options: TrainingOptions, group: any ProcessGroup,
    spool: IDSpool? = nil, bytesRead: BytesRead? = nil
  ) throws -> (vocabulary: Vocabulary, tokens: Int) {
    let maxDistinct = options.maxDistinct
    let counted = try VocabularyBuilder.counted(
      part, options: options, spool: spool, bytesRead: bytesRead)
    var tokens = [Double(counted.statistics.tokens)]
    tokens.withUnsafeMutableBufferPointer { group.sum($0) }
    guard tokens[0] > 0 else { throw CorpusError.empty(path: part.path) }
    // A pruned part's counts fall short by amounts no merge can restore; a spilled part's runs
    // are merged back into one table to send, when its distinct tokens fit one.
    guard counted.merged.pruneCount == 0, let whole = try counted.merged.mergedIntoTable() else {
      throw DistributedTrainingError.tooManyDistinctTokens(
        path: part.path, maxDistinct: maxDistinct)
    }
    let gathered = group.gather(whole.encodedCounts)
    var encoded: [UInt8] = []
    // A merge that fails (too many distinct tokens, no word left) ends every process.
    try group.agree {
      // Parts in rank order are the corpus in order, so the merge keeps first appearances.
      guard
        let merged = try VocabularyBuilder.merged(
          gathered.map { VocabularyBuilder(encodedCounts: $0, maxDistinct: maxDistinct) },
          maxDistinct: maxDistinct)
      else {
        throw DistributedTrainingError.tooManyDistinctTokens(
          path: part.path, maxDistinct: maxDistinct)
      }
      encoded =
        try merged.build(
          minCount: options.minCount, maxSize: options.maxVocabularySize, corpus: part.path
        ).encoded
    }
    let vocabulary = Vocabulary(encoded: group.broadcast(encoded))
    try checkSame(vocabulary, group: group)
    counted.spoolIDs(in: vocabulary, spool: spool)
    return (vocabulary, Int(tokens[0]))
  }

  /// Checks that every process holds `vocabulary` (by its fingerprint), as training needs.
  /// - Throws: `DistributedTrainingError.vocabularyMismatch`, on every process, naming the
  ///   ranks whose vocabulary differs from rank 0's.
  package static func checkSame(_ vocabulary: Vocabulary, group: any ProcessGroup) throws {
    let differing = group.ranksDiffering(from: vocabulary.fingerprint)
    guard differing.isEmpty else {
      throw DistributedTrainingError.vocabularyMismatch(ranks: differing)
    }
  }
}
