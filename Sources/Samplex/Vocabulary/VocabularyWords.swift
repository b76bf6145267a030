/// A vocabulary's words in id order, read from its lookup table's records (`Vocabulary.words`):
/// each access decodes the word's bytes into a `String` (no allocation up to 15 bytes of UTF-8).
/// Where an API needs `[String]`, `Array(vocabulary.words)` makes one.
public struct VocabularyWords: RandomAccessCollection, Sendable, Equatable {
  private let table: TokenTable

  init(table: TokenTable) { self.table = table }

  public var startIndex: Int { 0 }
  public var endIndex: Int { table.count }

  public subscript(id: Int) -> String {
    precondition(id >= 0 && id < table.count, "word id \(id) outside the vocabulary")
    return String(decoding: table.key(at: id), as: UTF8.self)
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.table === rhs.table || lhs.elementsEqual(rhs)
  }

  public static func == (lhs: Self, rhs: [String]) -> Bool { lhs.elementsEqual(rhs) }
}
