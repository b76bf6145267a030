/// Counts every distinct token of a corpus in one streaming pass, in bounded memory.
///
/// When more than `maxDistinct` distinct tokens are held, the rarest are dropped as word2vec's
/// `ReduceVocab` does: those seen at most once the first time, at most twice the next, and so on.
/// The counts of words that survive a pruning may then be short of their true counts.
public struct VocabularyBuilder: TokenSink, Sendable {
  let table: TokenTable
  public let maxDistinct: Int
  /// The highest count pruned so far (0: nothing was pruned).
  public private(set) var pruneThreshold: Int64 = 0
  /// How many times the table was pruned.
  public private(set) var pruneCount = 0
  /// Occurrences of pruned tokens.
  public private(set) var prunedOccurrences: Int64 = 0
  /// Every token seen, pruned or not.
  public private(set) var totalTokens: Int64 = 0

  /// - Parameter maxDistinct: how many distinct tokens may be held before the rarest are pruned.
  public init(maxDistinct: Int = 10_000_000) {
    precondition(maxDistinct >= 1, "the vocabulary must be able to hold a word")
    self.maxDistinct = maxDistinct
    table = TokenTable(expectedEntries: min(maxDistinct, 1 << 16))
  }

  @inline(__always)
  public mutating func consume(token: UnsafeRawBufferPointer) { _ = index(counting: token) }

  /// Counts `token` and returns its index: the order in which the table first saw it. Indices
  /// hold until the table is pruned (`pruneCount` grows), which renumbers them.
  @inline(__always)
  mutating func index(counting token: UnsafeRawBufferPointer) -> Int {
    let index = table.add(token)
    totalTokens &+= 1
    if table.count > maxDistinct { prune() }
    return index
  }

  public mutating func endSentence() {}

  /// Distinct tokens held now.
  public var distinctCount: Int { table.count }
  /// Bytes held by the counting table.
  public var memoryBytes: Int { table.memoryBytes }

  private mutating func prune() {
    repeat {
      pruneThreshold += 1
      pruneCount += 1
      let kept = TokenTable(expectedEntries: table.count)
      for index in 0..<table.count {
        let count = table.count(at: index)
        if count > pruneThreshold {
          kept.add(table.key(at: index), amount: count)
        } else {
          prunedOccurrences += count
        }
      }
      replaceTable(with: kept)
    } while table.count > maxDistinct
  }

  private mutating func replaceTable(with kept: TokenTable) {
    self = VocabularyBuilder(
      table: kept, maxDistinct: maxDistinct, pruneThreshold: pruneThreshold,
      pruneCount: pruneCount, prunedOccurrences: prunedOccurrences, totalTokens: totalTokens)
  }

  private init(
    table: TokenTable, maxDistinct: Int, pruneThreshold: Int64, pruneCount: Int,
    prunedOccurrences: Int64, totalTokens: Int64
  ) {
    self.table = table
    self.maxDistinct = maxDistinct
    self.pruneThreshold = pruneThreshold
    self.pruneCount = pruneCount
    self.prunedOccurrences = prunedOccurrences
    self.totalTokens = totalTokens
  }

  /// The counts of consecutive parts of one corpus, counted apart (`builders[0]` the first part),
  /// as one pass over the whole would have counted them: the same counts, and indices in order
  /// of first appearance in the whole (a word of the second part first seen in the first keeps
  /// the first part's place), and `maxDistinct` as its limit. Nil when a part was pruned or the
  /// whole holds more than `maxDistinct` words: a single pass would have pruned, at a point the
  /// parts cannot tell.
  static func merged(_ builders: [VocabularyBuilder], maxDistinct: Int) -> VocabularyBuilder? {
    guard !builders.isEmpty, builders.allSatisfy({ $0.pruneCount == 0 }) else { return nil }
    // One part is the whole already (a one-worker run): no copy of its table.
    if builders.count == 1 {
      return builders[0].distinctCount <= maxDistinct ? builders[0] : nil
    }
    let table = TokenTable(expectedEntries: builders.map(\.distinctCount).max()!)
    for builder in builders {
      for index in 0..<builder.table.count {
        table.add(builder.table.key(at: index), amount: builder.table.count(at: index))
      }
    }
    guard table.count <= maxDistinct else { return nil }
    return VocabularyBuilder(
      table: table, maxDistinct: maxDistinct, pruneThreshold: 0, pruneCount: 0,
      prunedOccurrences: 0, totalTokens: builders.reduce(0) { $0 + $1.totalTokens })
  }

  /// For each index of this builder's table plus one (a spooled token), its id in `vocabulary`
  /// plus one, or `IDSpool.unknown` for a word the vocabulary left out; entry 0 (a sentence's
  /// end) stays 0.
  func spoolIDs(in vocabulary: Vocabulary) -> [UInt32] {
    var ids = [UInt32](repeating: 0, count: table.count + 1)
    for index in 0..<table.count {
      let id = vocabulary.id(of: table.key(at: index))
      ids[index + 1] = id < 0 ? IDSpool.unknown : UInt32(id) + 1
    }
    return ids
  }

  /// The vocabulary of words seen at least `minCount` times, the `maxSize` most frequent at most,
  /// with ids by count descending and ties as gensim 4 orders them (`sort_by_descending_frequency`:
  /// of two words seen equally often, the one first seen later in the corpus comes first). The
  /// table's indices are the order of first appearance (pruning keeps it), so ids are
  /// deterministic; and where the two tools split the same tokens, a run's ids are gensim's, so
  /// that anything that takes "the N most frequent words" (analogy evaluation's
  /// `restrict_vocab`) takes the same words from both.
  /// - Throws: `VocabularyError.emptyAfterMinCount` when no word is left.
  public func build(minCount: Int, maxSize: Int? = nil, corpus: String) throws(VocabularyError)
    -> Vocabulary
  {
    let table = self.table
    var kept = (0..<table.count).filter { table.count(at: $0) >= Int64(minCount) }
    guard !kept.isEmpty else {
      throw .emptyAfterMinCount(
        corpus: corpus, minCount: minCount, distinct: table.count,
        highestCount: (0..<table.count).map { table.count(at: $0) }.max() ?? 0)
    }
    kept.sort { first, second in
      let a = table.count(at: first)
      let b = table.count(at: second)
      return a != b ? a > b : first > second
    }
    if let maxSize, kept.count > maxSize { kept.removeLast(kept.count - maxSize) }
    return Vocabulary(
      words: kept.map { String(decoding: table.key(at: $0), as: UTF8.self) },
      counts: kept.map { table.count(at: $0) })
  }
}
