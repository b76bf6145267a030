/// Nearest words by cosine similarity, to one word or to a mix of words (analogies by vector
/// offset, 3CosAdd, among them), as gensim's `most_similar` computes them.
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

  /// The `count` words most similar to `positive` and least to `negative`, gensim's
  /// `most_similar(positive=, negative=)`: cosine similarity to the unit vector along the mean
  /// of the positive words' unit vectors and the negated negative words' unit vectors, the query
  /// words themselves left out.
  public func mostSimilar(positive: [Int], negative: [Int], count: Int) -> [(
    word: String, similarity: Float
  )] {
    let weights =
      [Float](repeating: 1, count: positive.count)
      + [Float](repeating: -1, count: negative.count)
    let query = vectors.direction(of: positive + negative, weights: weights)
    return best(query: query, excluding: Set(positive + negative), count: count)
  }

  /// The `count` words that best complete "a is to b as c is to ?", gensim's
  /// `most_similar(positive=[b, c], negative=[a])`: cosine similarity to the unit vector along
  /// b̂ + ĉ − â, the three words themselves left out.
  public func analogy(a: Int, b: Int, c: Int, count: Int) -> [(word: String, similarity: Float)] {
    mostSimilar(positive: [b, c], negative: [a], count: count)
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
