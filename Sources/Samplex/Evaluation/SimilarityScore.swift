/// Word-similarity scores as gensim's `evaluate_word_pairs` computes them: the cosine of each
/// pair whose two words are in the vocabulary, correlated with the human scores.
public struct SimilarityScore: Sendable {
  public let name: String
  public let spearman: Double?
  public let pearson: Double?
  /// Pairs scored (both words in the vocabulary).
  public let pairsScored: Int
  /// The share of pairs skipped because a word is out of the vocabulary.
  public let outOfVocabularyShare: Double

  /// Scores `pairs` against the first `restrict` words of `vectors` (all when nil), matching
  /// words case-insensitively.
  /// - Throws: `EvaluationError.nothingInVocabulary` when no pair can be scored.
  public init(_ pairs: SimilarityPairs, vectors: WordVectors, restrict: Int? = nil) throws {
    let index = CaseFoldedIndex(words: vectors.words, limit: restrict)
    var human: [Double] = []
    var model: [Double] = []
    // Only the pairs' rows are needed: their cosine, not a normalized copy of the table.
    vectors.values.withUnsafeBufferPointer { values in
      let d = vectors.dimensions
      for pair in pairs.pairs {
        guard let a = index.id(of: pair.first), let b = index.id(of: pair.second) else {
          continue
        }
        let (rowA, rowB) = (values.baseAddress! + a * d, values.baseAddress! + b * d)
        let norms = (Kernels.dot(rowA, rowA, count: d) * Kernels.dot(rowB, rowB, count: d))
          .squareRoot()
        human.append(pair.score)
        model.append(norms > 0 ? Double(Kernels.dot(rowA, rowB, count: d) / norms) : 0)
      }
    }
    guard !human.isEmpty else { throw EvaluationError.nothingInVocabulary(path: pairs.path) }
    name = pairs.name
    spearman = RankCorrelation.spearman(human, model)
    pearson = RankCorrelation.pearson(human, model)
    pairsScored = human.count
    outOfVocabularyShare = Double(pairs.pairs.count - human.count) / Double(pairs.pairs.count)
  }
}
