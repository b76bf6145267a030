/// Words looked up case-insensitively, as gensim's evaluations do: each upper-cased form maps to
/// its most frequent spelling among the first `limit` words.
package struct CaseFoldedIndex: Sendable {
  private let ids: [String: Int]
  /// For each word, the id its upper-cased form maps to.
  package let canonical: [Int]

  package init(words: [String], limit: Int? = nil) {
    let count = min(words.count, limit ?? words.count)
    var ids: [String: Int] = [:]
    var canonical = [Int](repeating: 0, count: count)
    for id in 0..<count {
      let key = words[id].uppercased()
      if let first = ids[key] {
        canonical[id] = first
      } else {
        ids[key] = id
        canonical[id] = id
      }
    }
    self.ids = ids
    self.canonical = canonical
  }

  /// The id of `word`'s most frequent spelling, if any spelling is in range.
  package func id(of word: some StringProtocol) -> Int? { ids[word.uppercased()] }
}
