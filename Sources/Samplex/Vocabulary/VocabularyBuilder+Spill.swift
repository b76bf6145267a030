extension VocabularyBuilder {
  /// `counted(minCount:maxSize:corpus:)` of a count that spilled: its runs and its table merged
  /// (`CountRunMerge`), the words of `minCount` and more kept as bytes while the rest stream
  /// past, then ordered as `build` orders a table's, each token's first appearance standing
  /// for its index.
  func countedFromRuns(minCount: Int, maxSize: Int?, corpus: String) throws(VocabularyError)
    -> (vocabulary: Vocabulary, distinct: Int)
  {
    var runs = runs
    if table.count > 0 {
      runs.append(
        try CountRun(
          table: table, part: part, firstOrder: spilledEntries, directory: spillDirectory))
    }
    var bytes: [UInt8] = []
    var ends: [Int] = []
    var counts: [Int64] = []
    var firsts: [FirstAppearance] = []
    var distinct = 0
    var highest: Int64 = 0
    try CountRunMerge.merge(runs, directory: spillDirectory) { key, count, first in
      distinct += 1
      highest = max(highest, count)
      guard count >= Int64(minCount) else { return }
      bytes.append(contentsOf: key)
      ends.append(bytes.count)
      counts.append(count)
      firsts.append(first)
    }
    guard !counts.isEmpty else {
      throw .emptyAfterMinCount(
        corpus: corpus, minCount: minCount, distinct: distinct, highestCount: highest)
    }
    var kept = Array(counts.indices)
    kept.sort { first, second in
      let a = counts[first]
      let b = counts[second]
      return a != b ? a > b : firsts[first] > firsts[second]
    }
    if let maxSize, kept.count > maxSize { kept.removeLast(kept.count - maxSize) }
    let words = bytes.withUnsafeBytes { raw in
      kept.map { index in
        let start = index == 0 ? 0 : ends[index - 1]
        return String(
          decoding: UnsafeRawBufferPointer(rebasing: raw[start..<ends[index]]), as: UTF8.self)
      }
    }
    return (Vocabulary(words: words, counts: kept.map { counts[$0] }), distinct)
  }
}

extension VocabularyBuilder {
  /// A spilled count's runs merged back into one table, its indices in order of first
  /// appearance, as an unspilled pass would have left it: for a count that must be sent whole
  /// (another process merges it). Nil when the corpus holds more than `maxDistinct` distinct
  /// tokens, more than a table may hold.
  /// - Throws: `VocabularyError.spillFailed` when a run cannot be written or read back.
  func mergedIntoTable() throws(VocabularyError) -> VocabularyBuilder? {
    guard spillCount > 0 else { return self }
    var runs = runs
    if table.count > 0 {
      runs.append(
        try CountRun(
          table: table, part: part, firstOrder: spilledEntries, directory: spillDirectory))
    }
    let gathered = TokenTable(expectedEntries: min(maxDistinct, 1 << 16))
    var firsts: [FirstAppearance] = []
    var tooMany = false
    try CountRunMerge.merge(runs, directory: spillDirectory) { key, count, first in
      guard !tooMany, gathered.count < maxDistinct else {
        tooMany = true
        return
      }
      gathered.add(key, amount: count)
      firsts.append(first)
    }
    guard !tooMany else { return nil }
    let inOrder = TokenTable(expectedEntries: gathered.count)
    for index in firsts.indices.sorted(by: { firsts[$0] < firsts[$1] }) {
      inOrder.add(gathered.key(at: index), amount: gathered.count(at: index))
    }
    var whole = VocabularyBuilder(
      maxDistinct: maxDistinct, overflow: overflow, part: part, spillDirectory: spillDirectory)
    whole.adopt(inOrder, totalTokens: totalTokens)
    return whole
  }
}
