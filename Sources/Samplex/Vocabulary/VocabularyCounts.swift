/// A vocabulary's counts in id order, read from its lookup table's records
/// (`Vocabulary.counts`). Where an API needs `[Int64]`, `Array(vocabulary.counts)` makes one.
public struct VocabularyCounts: RandomAccessCollection, Sendable, Equatable {
  private let table: TokenTable

  init(table: TokenTable) { self.table = table }

  public var startIndex: Int { 0 }
  public var endIndex: Int { table.count }

  public subscript(id: Int) -> Int64 {
    precondition(id >= 0 && id < table.count, "word id \(id) outside the vocabulary")
    return table.count(at: id)
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.table === rhs.table || lhs.elementsEqual(rhs)
  }

  public static func == (lhs: Self, rhs: [Int64]) -> Bool { lhs.elementsEqual(rhs) }
}
