/// A fixed sampler's draw of a minibatch's candidates: the sampler's own `sample`, with
/// TensorFlow's float32 expected counts; it reads nothing of the batch or the model.
public struct FixedProposalDraw<Sampler: CandidateSampler>: BatchProposalDraw {
  public let sampler: Sampler

  public static var readsQueries: Bool { false }

  @inlinable
  public func sample<Random: RandomNumberGenerator>(
    into candidates: UnsafeMutableBufferPointer<Int32>,
    expectedCounts: UnsafeMutableBufferPointer<Float>,
    trueClasses: UnsafeBufferPointer<Int32>,
    trueExpectedCounts: UnsafeMutableBufferPointer<Float>,
    unique: Bool, queries: BatchQueries, model: Model, using random: inout Random
  ) -> Int {
    sampler.sample(
      into: candidates, expectedCounts: expectedCounts, trueClasses: trueClasses,
      trueExpectedCounts: trueExpectedCounts, unique: unique, using: &random)
  }
}
