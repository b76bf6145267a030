/// Keeps or drops each occurrence of a word so that frequent words are seen less often
/// (Mikolov et al. 2013), with word2vec's keep probability
/// `p(w) = (sqrt(c / (t·N)) + 1) · (t·N) / c`, capped at 1, for a word seen `c` times among the
/// `N` kept occurrences, at threshold `t`. Precomputed per id as a 32-bit threshold, as gensim
/// does, so a decision is one comparison.
public struct Subsampler: Sendable {
  /// `keepThresholds[id]`: keep when a uniform 32-bit draw is below it (2^32 keeps always).
  public let keepThresholds: [UInt64]
  public let threshold: Double

  /// - Parameter threshold: `t`; 0 keeps every word.
  public init(vocabulary: Vocabulary, threshold: Double) {
    precondition(threshold >= 0, "the subsampling threshold cannot be negative")
    self.threshold = threshold
    keepThresholds = vocabulary.counts.map { count in
      let keep = Self.keepProbability(
        count: count, totalCount: vocabulary.totalCount, threshold: threshold)
      return UInt64((keep * 4_294_967_296).rounded(.down))
    }
  }

  /// word2vec's keep probability of a word seen `count` times among `totalCount` kept
  /// occurrences, at `threshold` (1 when it is 0).
  static func keepProbability(count: Int64, totalCount: Int64, threshold: Double) -> Double {
    guard threshold > 0 else { return 1 }
    let ratio = threshold * Double(totalCount) / Double(count)
    return min(1, ((1 / ratio).squareRoot() + 1) * ratio)
  }

  /// The words of `vocabulary` one pass keeps on average at `threshold`: Σ count × keep
  /// probability, without the per-id table (`HeldOutCost` asks it of vocabularies of millions
  /// of words).
  package static func expectedKeptWords(of vocabulary: Vocabulary, threshold: Double) -> Double {
    vocabulary.counts.reduce(0) { kept, count in
      kept
        + Double(count)
        * keepProbability(count: count, totalCount: vocabulary.totalCount, threshold: threshold)
    }
  }

  /// The keep probability of `id`.
  public func keepProbability(of id: Int32) -> Double {
    Double(keepThresholds[Int(id)]) / 4_294_967_296
  }
}
