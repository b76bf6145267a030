/// Counts every distinct token of a corpus in one streaming pass, in bounded memory.
///
/// When more than `maxDistinct` distinct tokens are held, the table overflows as `overflow`
/// says. `spill` (the default) writes its counts, sorted by their bytes, to a temporary file
/// (`CountRun`), empties it and goes on; the runs and the table merge at the end, so every
/// count is exact and the vocabulary is the one an unlimited table gives. `prune` drops the
/// rarest as word2vec's `ReduceVocab` does: those seen at most once the first time, at most
/// twice the next, and so on; the counts of words that survive a pruning may then be short of
/// their true counts.
public struct VocabularyBuilder: TokenSink, Sendable {
  /// The distinct tokens a count holds before it overflows, unless told otherwise: word2vec's
  /// table size (`vocab_hash_size`), about 1.5 GB of table at most (some 48 bytes a token of a
  /// few bytes). Several workers share it, so the limit has to leave each worker's shard room:
  /// the 8.4 million distinct tokens of a 200-million-token Zipfian corpus, counted in two
  /// shards, do not spill under it, where they spilled four times under 10 million.
  public static let defaultMaxDistinct = 30_000_000

  private(set) var table: TokenTable
  public let maxDistinct: Int
  public let overflow: VocabularyOverflow
  /// Which part of the corpus this builder counts (a worker's shard; 0 for one pass): the first
  /// field of its spilled tokens' first appearances.
  let part: Int
  /// Where spilled runs are made.
  let spillDirectory: String
  /// The highest count pruned so far (0: nothing was pruned).
  public private(set) var pruneThreshold: Int64 = 0
  /// How many times the table was pruned.
  public private(set) var pruneCount = 0
  /// Occurrences of pruned tokens.
  public private(set) var prunedOccurrences: Int64 = 0
  /// How many times the table was spilled.
  public private(set) var spillCount = 0
  /// The runs spilled and not yet merged, in tiers (`compactRuns`).
  private(set) var runs: [CountRun] = []
  /// Entries spilled so far: added to the table's indices, they give the order of first
  /// appearance within the part across spills.
  private(set) var spilledEntries = 0
  /// The first spill that could not be written: thrown by `finishSpilling` and `build`.
  private var spillFailure: VocabularyError?
  /// The tables of the parts a merged spilled count came from, in bytes.
  private var partsTableBytes = 0
  /// Every token seen, pruned or not.
  public private(set) var totalTokens: Int64 = 0

  /// - Parameters:
  ///   - maxDistinct: how many distinct tokens may be held before the table overflows.
  ///   - overflow: what the table does then.
  ///   - part: which part of the corpus this builder counts, in corpus order.
  ///   - spillDirectory: where spilled runs are made (unlinked at once); nil:
  ///     `$TMPDIR`, else `/var/tmp` (`UnlinkedFile.defaultDirectory`).
  public init(
    maxDistinct: Int = defaultMaxDistinct, overflow: VocabularyOverflow = .spill, part: Int = 0,
    spillDirectory: String? = nil
  ) {
    precondition(maxDistinct >= 1, "the vocabulary must be able to hold a word")
    self.maxDistinct = maxDistinct
    self.overflow = overflow
    self.part = part
    self.spillDirectory = spillDirectory ?? UnlinkedFile.defaultDirectory
    table = TokenTable(expectedEntries: min(maxDistinct, 1 << 16))
  }

  @inline(__always)
  public mutating func consume(token: UnsafeRawBufferPointer) { _ = index(counting: token) }

  /// Counts `token` and returns its index: the order in which the table first saw it. Indices
  /// hold while `tableHoldsEveryToken`: a pruning or a spill renumbers them.
  @inline(__always)
  mutating func index(counting token: UnsafeRawBufferPointer) -> Int {
    let index = table.add(token)
    totalTokens &+= 1
    if table.count > maxDistinct { overflowed() }
    return index
  }

  public mutating func endSentence() {}

  /// Distinct tokens held now.
  public var distinctCount: Int { table.count }
  /// Bytes held by the counting table (by the parts' tables, for a merged spilled count).
  public var memoryBytes: Int { table.memoryBytes + partsTableBytes }
  /// Whether the table holds every token seen with its whole count, at the index it was
  /// given: nothing was pruned or spilled.
  public var tableHoldsEveryToken: Bool { pruneCount == 0 && spillCount == 0 }

  private mutating func overflowed() {
    switch overflow {
    case .spill: spill()
    case .prune: prune()
    }
  }

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
      table = kept
    } while table.count > maxDistinct
  }

  /// Writes the table as a run and empties it. A failure is kept for `finishSpilling`, and the
  /// pass goes on without writing, as the tokenizer's sink cannot throw.
  private mutating func spill() {
    spillCount += 1
    if spillFailure == nil {
      do {
        runs.append(
          try CountRun(
            table: table, part: part, firstOrder: spilledEntries, directory: spillDirectory))
        try compactRuns()
      } catch {
        spillFailure = error
      }
    }
    spilledEntries += table.count
    table.removeAll()
  }

  /// Merges the newest `CountRun.fanIn` runs into one of the next level while they share a
  /// level, so that a pass of n spills holds at most `fanIn - 1` runs per level, log n levels.
  private mutating func compactRuns() throws(VocabularyError) {
    let fanIn = CountRun.fanIn
    while runs.count >= fanIn, let level = runs.last?.level,
      runs.suffix(fanIn).allSatisfy({ $0.level == level })
    {
      let group = Array(runs.suffix(fanIn))
      runs.removeLast(fanIn)
      runs.append(try CountRun(merging: group, level: level + 1, directory: spillDirectory))
    }
  }

  /// Ends a pass: throws a spill that failed, and when the table spilled, spills what it
  /// holds too, so that the runs hold the whole count and the table nothing.
  /// - Throws: `VocabularyError.spillFailed`.
  mutating func finishSpilling() throws(VocabularyError) {
    if spillCount > 0, table.count > 0 { spill() }
    if let spillFailure { throw spillFailure }
  }

  /// The counts of consecutive parts of one corpus, counted apart (`builders[0]` the first part),
  /// as one pass over the whole would have counted them: the same counts, and indices in order
  /// of first appearance in the whole (a word of the second part first seen in the first keeps
  /// the first part's place), and `maxDistinct` as its limit. When a part spilled, every part's
  /// runs and tables are the merged count's runs, which `build` merges. Nil when a part was
  /// pruned or the whole holds more than `maxDistinct` words: a single pass would have pruned,
  /// at a point the parts cannot tell.
  /// - Throws: `VocabularyError.spillFailed` when a part's table cannot be written as a run.
  static func merged(_ builders: [VocabularyBuilder], maxDistinct: Int) throws(VocabularyError)
    -> VocabularyBuilder?
  {
    guard !builders.isEmpty, builders.allSatisfy({ $0.pruneCount == 0 }) else { return nil }
    if builders.contains(where: { $0.spillCount > 0 }) {
      return try mergedRuns(builders, maxDistinct: maxDistinct)
    }
    // One part is the whole already (a one-worker run): no copy of its table.
    if builders.count == 1 {
      return builders[0].distinctCount <= maxDistinct ? builders[0] : nil
    }
    // Room for every part's tokens at once, so that the table never grows (each growth
    // rehashes every token held) while the parts pour in.
    let table = TokenTable(expectedEntries: builders.reduce(0) { $0 + $1.distinctCount })
    for builder in builders {
      for index in 0..<builder.table.count {
        table.add(builder.table.key(at: index), amount: builder.table.count(at: index))
      }
    }
    guard table.count <= maxDistinct else { return nil }
    var merged = VocabularyBuilder(maxDistinct: maxDistinct, overflow: builders[0].overflow)
    merged.adopt(table, totalTokens: builders.reduce(0) { $0 + $1.totalTokens })
    return merged
  }

  /// Takes `table` as the whole count of `totalTokens` tokens.
  mutating func adopt(_ table: TokenTable, totalTokens: Int64) {
    self.table = table
    self.totalTokens = totalTokens
  }

  /// The merged count of parts of which at least one spilled: their runs, and each table that
  /// still holds tokens written as a run of its part.
  private static func mergedRuns(_ builders: [VocabularyBuilder], maxDistinct: Int)
    throws(VocabularyError) -> VocabularyBuilder
  {
    var merged = VocabularyBuilder(
      maxDistinct: maxDistinct, overflow: .spill, spillDirectory: builders[0].spillDirectory)
    for builder in builders {
      if let failure = builder.spillFailure { throw failure }
      merged.runs += builder.runs
      if builder.table.count > 0 {
        merged.runs.append(
          try CountRun(
            table: builder.table, part: builder.part, firstOrder: builder.spilledEntries,
            directory: builder.spillDirectory))
      }
      merged.spillCount += builder.spillCount
      merged.totalTokens += builder.totalTokens
      merged.partsTableBytes += builder.memoryBytes
    }
    return merged
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
  /// table's indices are the order of first appearance (pruning keeps it; a spilled count keeps
  /// each token's `FirstAppearance`), so ids are deterministic; and where the two tools split
  /// the same tokens, a run's ids are gensim's, so that anything that takes "the N most
  /// frequent words" (analogy evaluation's `restrict_vocab`) takes the same words from both.
  /// - Throws: `VocabularyError.emptyAfterMinCount` when no word is left, `.spillFailed` when
  ///   the spilled runs cannot be written or read back.
  public func build(minCount: Int, maxSize: Int? = nil, corpus: String) throws(VocabularyError)
    -> Vocabulary
  {
    try counted(minCount: minCount, maxSize: maxSize, corpus: corpus).vocabulary
  }

  /// `build`, with how many distinct tokens the corpus held (which a spilled count learns only
  /// as its runs merge).
  public func counted(minCount: Int, maxSize: Int? = nil, corpus: String)
    throws(VocabularyError) -> (vocabulary: Vocabulary, distinct: Int)
  {
    if spillCount > 0 {
      return try countedFromRuns(minCount: minCount, maxSize: maxSize, corpus: corpus)
    }
    let table = self.table
    // Each kept index beside its count, so that sorting compares values in the array being
    // sorted rather than reading two records from all over the table at every step.
    var kept: [(count: Int64, index: Int)] = []
    var highest: Int64 = 0
    for index in 0..<table.count {
      let count = table.count(at: index)
      highest = max(highest, count)
      if count >= Int64(minCount) { kept.append((count, index)) }
    }
    guard !kept.isEmpty else {
      throw .emptyAfterMinCount(
        corpus: corpus, minCount: minCount, distinct: table.count, highestCount: highest)
    }
    kept.sort { $0.count != $1.count ? $0.count > $1.count : $0.index > $1.index }
    if let maxSize, kept.count > maxSize { kept.removeLast(kept.count - maxSize) }
    let vocabulary = Vocabulary(
      words: kept.map { String(decoding: table.key(at: $0.index), as: UTF8.self) },
      counts: kept.map(\.count))
    return (vocabulary, table.count)
  }
}
