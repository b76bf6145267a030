import Samplex

/// One draw of candidates with TensorFlow's expected counts, as a minibatch step makes it: what
/// a reference computation replays from a copy of the step's generator.
public struct CandidateDraw {
  public var candidates: [Int32]
  public var expectedCounts: [Float]
  public var trueExpectedCounts: [Float]

  public init<Sampler: CandidateSampler>(
    _ sampler: Sampler, samples: Int, labels: [Int32], unique: Bool,
    using random: inout Xoshiro256StarStar
  ) {
    candidates = [Int32](repeating: 0, count: samples)
    expectedCounts = [Float](repeating: 0, count: samples)
    trueExpectedCounts = [Float](repeating: 0, count: labels.count)
    candidates.withUnsafeMutableBufferPointer { c in
      expectedCounts.withUnsafeMutableBufferPointer { q in
        trueExpectedCounts.withUnsafeMutableBufferPointer { tq in
          labels.withUnsafeBufferPointer { l in
            _ = sampler.sample(
              into: c, expectedCounts: q, trueClasses: l, trueExpectedCounts: tq, unique: unique,
              using: &random)
          }
        }
      }
    }
  }
}
