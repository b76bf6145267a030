/// `resample`: two-pass importance resampling against the batch (Chen et al., "Learning
/// Recommenders for Implicit Feedback with Importance Resampling", WWW 2022), a proposal that
/// follows the model: a pool of M draws from unigram^α (`base`), each weighted by its estimated
/// batch-averaged softmax over its pool probability, and the candidates resampled from the
/// pool in proportion to those weights (`ImportanceResamplingDraw`, which derives the estimate
/// of Q that the log-Q correction uses).
///
/// Per batch it costs the pool's draws and row gathers (M × d), one M × B × d product for the
/// pool's scores, about M × B + B × B exponentials, O(log M) per draw, and one B × B × d product
/// for the true classes' estimates; it keeps nothing between batches but its buffers.
public struct ImportanceResampler: BatchProposal {
  public let base: UnigramSampler
  /// M, draws per pool.
  public let pool: Int

  public var rangeMax: Int { base.rangeMax }

  public init(base: UnigramSampler, pool: Int) {
    precondition(pool >= 1, "a pool of at least one draw")
    self.base = base
    self.pool = pool
  }

  public func checkCanDraw(_ count: Int, unique: Bool) throws(SamplerError) {
    if unique { try SamplerError.checkUnique(numSampled: count, rangeMax: rangeMax) }
  }

  public func makeDraw(batch: Int, samples: Int, dimensions: Int) -> ImportanceResamplingDraw {
    ImportanceResamplingDraw(sampler: self, batch: batch, samples: samples, dimensions: dimensions)
  }
}
