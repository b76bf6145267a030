/// Nearest words by cosine similarity, and analogies by vector offset (3CosAdd), as gensim's
/// `most_similar` computes them.
public struct NearestNeighbors: Sendable {
  public let vectors: NormalizedVectors

  public init(_ vectors: NormalizedVectors) { self.vectors = vectors }

  public init(words: [String], vectors table: EmbeddingTable) {
    vectors = NormalizedVectors(words: words, table: table)
  }

  public var words: [String] { vectors.words }

  /// The `count` words closest to word `id`, with their cosine similarities, best first.
  public func neighbors(of id: Int, count: Int) -> [(word: String, similarity: Float)] {
    best(query: Array(vectors.row(id)), excluding: [id], count: count)
  }

  /// The `count` words that best complete "a is to b as c is to ?", gensim's
  /// `most_similar(positive=[b, c], negative=[a])`: cosine similarity to the unit vector along
  /// b̂ + ĉ − â, the three words themselves left out.
  public func analogy(a: Int, b: Int, c: Int, count: Int) -> [(word: String, similarity: Float)] {
    let (ra, rb, rc) = (vectors.row(a), vectors.row(b), vectors.row(c))
    var query = (0..<vectors.dimensions).map {
      rb[rb.startIndex + $0] + rc[rc.startIndex + $0] - ra[ra.startIndex + $0]
    }
    let norm = Kernels.dot(query, query, count: query.count).squareRoot()
    if norm > 0 { query = query.map { $0 / norm } }
    return best(query: query, excluding: [a, b, c], count: count)
  }

  private func best(query: [Float], excluding: Set<Int>, count: Int) -> [(
    word: String, similarity: Float
  )] {
    var scores = vectors.scores(of: query, queryCount: 1)
    for id in excluding { scores[id] = -.infinity }
    let order = scores.indices.sorted { scores[$0] > scores[$1] }
    return order.prefix(min(count, vectors.count - excluding.count)).map {
      (vectors.words[$0], scores[$0])
    }
  }
}
