/// The words a model knows, with ids sorted by frequency (id 0 is the most frequent word) and
/// their corpus counts.
public struct Vocabulary: Sendable {
  /// `words[id]`.
  public let words: [String]
  /// `counts[id]`: occurrences in the corpus the vocabulary was built from.
  public let counts: [Int64]
  /// Σ counts: word2vec's `train_words`.
  public let totalCount: Int64
  private let table: TokenTable

  /// A vocabulary of `words` with their `counts`, in id order.
  public init(words: [String], counts: [Int64]) {
    precondition(words.count == counts.count, "each word needs a count")
    self.words = words
    self.counts = counts
    totalCount = counts.reduce(0, +)
    table = TokenTable(expectedEntries: words.count)
    for (id, word) in words.enumerated() {
      var word = word
      word.withUTF8 { table.add(UnsafeRawBufferPointer($0), amount: counts[id]) }
      precondition(table.count == id + 1, "duplicate word '\(word)' in a vocabulary")
    }
  }

  public var count: Int { words.count }

  /// The id of the token with these bytes, or -1 when it is not in the vocabulary.
  @inline(__always)
  public func id(of token: UnsafeRawBufferPointer) -> Int32 {
    Int32(truncatingIfNeeded: table.index(of: token))
  }

  /// The id of `word`, or `nil`.
  public func id(of word: String) -> Int32? {
    var word = word
    let id = word.withUTF8 { self.id(of: UnsafeRawBufferPointer($0)) }
    return id < 0 ? nil : id
  }
}
