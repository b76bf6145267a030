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
    let scale = threshold * Double(vocabulary.totalCount)
    keepThresholds = vocabulary.counts.map { count in
      guard threshold > 0 else { return 1 << 32 }
      let ratio = scale / Double(count)
      let keep = min(1, ((1 / ratio).squareRoot() + 1) * ratio)
      return UInt64((keep * 4_294_967_296).rounded(.down))
    }
  }

  /// The keep probability of `id`.
  public func keepProbability(of id: Int32) -> Double {
    Double(keepThresholds[Int(id)]) / 4_294_967_296
  }
}
