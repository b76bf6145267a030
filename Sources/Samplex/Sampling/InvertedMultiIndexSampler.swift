/// `midx`: candidates from the inverted multi-index over the output rows' product quantization
/// (Chen et al., "Fast Variational AutoEncoder with Inverted Multi-Index for Collaborative
/// Filtering", WWW 2022), a proposal that follows the model: for a query x,
/// q(k) = exp(x·ô_k + b_k) / Σ_j exp(x·ô_j + b_j), with ô_k = [c1[a_k]; c2[b_k]] row k's
/// quantized vector and b_k its bias at the last fit: the softmax of a model whose output rows
/// are their codewords. Every probability is exact, so the sampled softmax's and NCE's log-Q
/// correction stays right.
///
/// The batch's proposal is the mixture over its B queries, Q(k) = (1/B) Σ_i q_i(k), drawn by
/// picking a query uniformly, then a draw from its q_i (`InvertedMultiIndexDraw`). Per batch it
/// costs B × K × d multiply-adds for the codeword scores, B × K² for the cell marginals, O(K)
/// per draw and O(B) per probability, (S + B) × B for the candidates' and true classes'; each
/// worker fits its codebooks to the output table before its first batch of an epoch, at about
/// 5 × V × K × d multiply-adds (four Lloyd rounds and the final assignment, both halves:
/// `InvertedMultiIndex`), and refits them every `rebuildEvery` batches from where the last fit
/// ended, at about V × K × d (one round).
public struct InvertedMultiIndexSampler: BatchProposal {
  public let rangeMax: Int
  /// K, codewords per half.
  public let codewords: Int
  /// A worker's batches between two fits of its codebooks.
  public let rebuildEvery: Int

  public init(rangeMax: Int, codewords: Int = 64, rebuildEvery: Int = 1000) throws(SamplerError) {
    guard rangeMax >= 1 else { throw .emptyRange }
    precondition(
      codewords >= 1 && rebuildEvery >= 1, "a codeword, and a rebuild every batch or more")
    self.rangeMax = rangeMax
    self.codewords = codewords
    self.rebuildEvery = rebuildEvery
  }

  public func checkCanDraw(_ count: Int, unique: Bool) throws(SamplerError) {
    if unique { try SamplerError.checkUnique(numSampled: count, rangeMax: rangeMax) }
  }

  public func makeDraw(batch: Int, samples: Int, dimensions: Int) -> InvertedMultiIndexDraw {
    InvertedMultiIndexDraw(sampler: self, batch: batch, dimensions: dimensions)
  }
}
