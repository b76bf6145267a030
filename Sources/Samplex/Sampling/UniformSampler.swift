/// Every class equally likely: `Q(k) = 1/V`.
public struct UniformSampler: CandidateSampler {
  public let rangeMax: Int
  @usableFromInline let bound: UInt64

  public init(rangeMax: Int) throws(SamplerError) {
    guard rangeMax >= 1 else { throw .emptyRange }
    self.rangeMax = rangeMax
    bound = UInt64(rangeMax)
  }

  public func probability(of id: Int32) -> Double { 1 / Double(rangeMax) }

  /// TensorFlow stores `1.0 / range` as a float.
  @inlinable
  public func tensorFlowProbability(of id: Int32) -> Float { Float(1.0 / Double(rangeMax)) }

  /// Lemire's multiply-high: the top 64 bits of `r·V`, bias below V / 2^64.
  @inlinable @inline(__always)
  public func draw<Random: RandomNumberGenerator>(using random: inout Random) -> Int32 {
    Int32(truncatingIfNeeded: random.next().multipliedFullWidth(by: bound).high)
  }
}
