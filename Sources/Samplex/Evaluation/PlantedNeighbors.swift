/// How often a word's nearest neighbour is one of its planted group mates, for vectors trained
/// on a corpus from `samplex synth` (word r is spelled `w<r>` and belongs to group
/// r / groupSize): the known answer a synthetic corpus gives where no analogy set applies.
package enum PlantedNeighbors {
  /// The share of the `queries` most frequent words (ids `0..<queries`) whose nearest
  /// neighbour by cosine (themselves left out) is in their group; nil when the words are not
  /// spelled `w<rank>`.
  /// - Complexity: one `cblas_sgemm` of (64 queries × V) per block of queries.
  package static func accuracy(vectors: NormalizedVectors, groupSize: Int, queries: Int = 1000)
    -> Double?
  {
    precondition(groupSize >= 1, "a group has at least one word")
    let ranks = vectors.words.map { word in word.first == "w" ? Int(word.dropFirst()) : nil }
    let count = min(queries, vectors.count)
    guard count > 1, ranks.allSatisfy({ $0 != nil }) else { return nil }
    let d = vectors.dimensions
    var found = 0
    for start in stride(from: 0, to: count, by: 64) {
      let block = min(64, count - start)
      var query: [Float] = []
      query.reserveCapacity(block * d)
      for id in start..<(start + block) { query.append(contentsOf: vectors.row(id)) }
      let scores = vectors.scores(of: query, queryCount: block)
      for row in 0..<block {
        let id = start + row
        var best = -Float.infinity
        var nearest = -1
        for other in 0..<vectors.count where other != id {
          let score = scores[row * vectors.count + other]
          if score > best {
            best = score
            nearest = other
          }
        }
        if nearest >= 0, ranks[nearest]! / groupSize == ranks[id]! / groupSize { found += 1 }
      }
    }
    return Double(found) / Double(count)
  }
}
