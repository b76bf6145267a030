/// The word of a list that goes least with the others, as gensim's `doesnt_match` finds it: the
/// one whose unit vector is least similar to the unit vector along the mean of them all.
public struct OddOneOut: Sendable {
  /// Each listed word's position in the list, with its cosine similarity to the mean direction,
  /// least similar first (the odd one out); equal similarities in the order of the words'
  /// spellings, as gensim's sort of (similarity, word) pairs breaks them.
  public let ranking: [(position: Int, similarity: Float)]

  /// The ranking of words `ids` (rows of `vectors`; a word listed twice counts twice, as in
  /// gensim).
  public init(_ ids: [Int], in vectors: NormalizedVectors) {
    precondition(!ids.isEmpty, "the odd one out needs at least one word")
    let mean = vectors.direction(of: ids, weights: [Float](repeating: 1, count: ids.count))
    let similarities = ids.map { vectors.similarity(of: $0, to: mean) }
    ranking = ids.indices.sorted {
      (similarities[$0], vectors.words[ids[$0]], $0) < (
        similarities[$1], vectors.words[ids[$1]], $1
      )
    }.map { ($0, similarities[$0]) }
  }

  /// The position in the list of the word that does not match.
  public var position: Int { ranking[0].position }
}
