/// The words a model knows, with ids sorted by frequency (id 0 is the most frequent word) and
/// their corpus counts.
///
/// Each word and its count are kept once, in the lookup table's records: `words` and `counts`
/// read them from there. An array of `String`s beside the table cost 16 bytes a word more and
/// an array of counts 8 (240 MB at V = 10^7, a quarter of what a 10^9-token run held beside its
/// tables).
public struct Vocabulary: Sendable {
  /// `words[id]`, read from the table.
  public var words: VocabularyWords { VocabularyWords(table: table) }
  /// `counts[id]`: occurrences in the corpus the vocabulary was built from.
  public var counts: VocabularyCounts { VocabularyCounts(table: table) }
  /// Σ counts: word2vec's `train_words`.
  public let totalCount: Int64
  private let table: TokenTable
  /// The most frequent words alone, looked up first: a table small enough to stay in the
  /// fastest caches, where most tokens of a Zipfian text are found.
  private let frequentTable: TokenTable
  private static let frequentCount = 4096

  /// A vocabulary of `words` with their `counts`, in id order.
  public init(words: [String], counts: [Int64]) {
    precondition(words.count == counts.count, "each word needs a count")
    totalCount = counts.reduce(0, +)
    table = TokenTable(expectedEntries: words.count)
    frequentTable = TokenTable(expectedEntries: min(words.count, Self.frequentCount))
    for (id, word) in words.enumerated() {
      var word = word
      word.withUTF8 { bytes in
        table.add(UnsafeRawBufferPointer(bytes), amount: counts[id])
        if id < Self.frequentCount {
          frequentTable.add(UnsafeRawBufferPointer(bytes), amount: counts[id])
        }
      }
      precondition(table.count == id + 1, "duplicate word '\(word)' in a vocabulary")
    }
  }

  public var count: Int { table.count }

  /// The bytes of word `id`, as its table holds them (valid until the vocabulary is released).
  func key(at id: Int) -> UnsafeRawBufferPointer { table.key(at: id) }

  /// A 64-bit hash of the words in id order and their counts: what a checkpoint records, so
  /// that its rows are never resumed under another vocabulary of the same size (a changed
  /// corpus, `min_count` or `max_size`, or a new order of ties).
  public var fingerprint: UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for id in 0..<count {
      let wordHash = TokenTable.hash(table.key(at: id))
      let count = table.count(at: id)
      hash = (hash ^ wordHash) &* 0x0000_0100_0000_01B3
      hash = (hash ^ UInt64(bitPattern: count)) &* 0x0000_0100_0000_01B3
    }
    return hash
  }

  /// The id of the token with these bytes, or -1 when it is not in the vocabulary.
  @inline(__always)
  public func id(of token: UnsafeRawBufferPointer) -> Int32 {
    let hash = TokenTable.hash(token)
    let id = frequentTable.index(of: token, hash: hash)
    return Int32(truncatingIfNeeded: id >= 0 ? id : table.index(of: token, hash: hash))
  }

  /// The id of `word`, or `nil`.
  public func id(of word: String) -> Int32? {
    var word = word
    let id = word.withUTF8 { self.id(of: UnsafeRawBufferPointer($0)) }
    return id < 0 ? nil : id
  }
}
