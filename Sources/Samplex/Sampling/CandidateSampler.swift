/// Draws the candidate classes a sampled loss sees, and knows their exact probabilities.
///
/// Ids are `0..<rangeMax`, frequency-sorted (id 0 is the most frequent word). Samplers are
/// immutable structs whose tables are built in `init`; the hot path is generic over the sampler
/// (no existential per draw).
public protocol CandidateSampler: CandidateSource, Sendable {
  /// Exactly Q(k), in Double: what `subtract_log_q`, the diagnostics and the tests use.
  func probability(of id: Int32) -> Double
  /// Q(k) as TensorFlow's kernel computes it, in float32, for conformance with its numbers.
  func tensorFlowProbability(of id: Int32) -> Float
}

extension CandidateSampler {
  /// Checks that `count` candidates can be drawn: with `unique`, no more than there are classes.
  public func checkCanDraw(_ count: Int, unique: Bool) throws(SamplerError) {
    if unique { try SamplerError.checkUnique(numSampled: count, rangeMax: rangeMax) }
  }

  /// Draws candidates as `sample(into:unique:using:)` does and fills in what TensorFlow's
  /// candidate samplers return beside them: the expected count of every candidate and of every
  /// true class, in float32 with TensorFlow's arithmetic. Returns the number of tries.
  @inlinable
  public func sample<Random: RandomNumberGenerator>(
    into candidates: UnsafeMutableBufferPointer<Int32>,
    expectedCounts: UnsafeMutableBufferPointer<Float>,
    trueClasses: UnsafeBufferPointer<Int32>,
    trueExpectedCounts: UnsafeMutableBufferPointer<Float>,
    unique: Bool, using random: inout Random
  ) -> Int {
    precondition(expectedCounts.count == candidates.count, "one expected count per candidate")
    precondition(trueExpectedCounts.count == trueClasses.count, "one expected count per true class")
    let tries = sample(into: candidates, unique: unique, using: &random)
    let count = candidates.count
    for index in 0..<count { expectedCounts[index] = tensorFlowProbability(of: candidates[index]) }
    ExpectedCount.tensorFlow(probabilities: expectedCounts, numSampled: count, numTries: tries)
    for index in 0..<trueClasses.count {
      trueExpectedCounts[index] = tensorFlowExpectedCount(
        of: trueClasses[index], numSampled: count, numTries: tries)
    }
    return tries
  }

  /// The expected number of times `id` appears in a draw of `numSampled` candidates that took
  /// `numTries` tries: `S·Q(k)` with replacement, `1 − (1 − Q(k))^tries` with `unique`
  /// (TensorFlow's approximation of the probability that `id` is among the candidates).
  public func expectedCount(of id: Int32, numSampled: Int, numTries: Int) -> Double {
    ExpectedCount.exact(
      probability: probability(of: id), numSampled: numSampled, numTries: numTries)
  }

  /// `expectedCount` as TensorFlow computes it, in float32 from its float32 probability.
  @inlinable
  public func tensorFlowExpectedCount(of id: Int32, numSampled: Int, numTries: Int) -> Float {
    ExpectedCount.tensorFlow(
      probability: tensorFlowProbability(of: id), numSampled: numSampled, numTries: numTries)
  }
}
