/// Word vectors read from a file (or copied from a model): the words in file order, which for
/// every tool here is frequency order, and their rows.
public struct WordVectors: Sendable {
  public let words: [String]
  public let dimensions: Int
  /// Row-major, `words.count × dimensions`.
  public let values: [Float]
  /// Each word's first row (a word listed twice keeps its first row, as gensim does).
  private let ids: [String: Int]

  public init(words: [String], dimensions: Int, values: [Float]) {
    precondition(values.count == words.count * dimensions, "a row is needed for each word")
    self.words = words
    self.dimensions = dimensions
    self.values = values
    var ids: [String: Int] = [:]
    ids.reserveCapacity(words.count)
    for (id, word) in words.enumerated() where ids[word] == nil { ids[word] = id }
    self.ids = ids
  }

  /// The first `words.count` rows of a model's table.
  public init(words: [String], table: EmbeddingTable) {
    precondition(words.count <= table.rows, "a row is needed for each word")
    self.init(
      words: words, dimensions: table.dimensions,
      values: table.withValues { Array($0.prefix(words.count * table.dimensions)) })
  }

  public var count: Int { words.count }

  /// The first `count` rows (all of them when there are fewer): in a file in frequency order,
  /// the `count` most frequent words.
  public func prefix(_ count: Int) -> WordVectors {
    guard count < words.count else { return self }
    return WordVectors(
      words: Array(words.prefix(count)), dimensions: dimensions,
      values: Array(values.prefix(count * dimensions)))
  }

  /// The row of `word`, if it is in the file.
  public func id(of word: String) -> Int? { ids[word] }

  /// Row `id` as an array.
  public func row(_ id: Int) -> ArraySlice<Float> {
    values[(id * dimensions)..<((id + 1) * dimensions)]
  }
}
