import Foundation

/// The plain loops that the fused row passes of the minibatch steps (`addAndMaximum`,
/// `exponentiate`, `scaleAndAccumulate`, `noiseSigmoid`) must agree with, for the tests and the
/// benchmarks: one element at a time, libm's `exp` and `log1p`, the sums in Double.
extension Kernels {
  /// x[i] += b[i] for i < `count`; returns the largest new x[i] (−∞ for none).
  @_spi(Kernels) public static func addAndMaximumReference(
    _ b: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, count: Int
  ) -> Float {
    var largest = -Float.infinity
    for i in 0..<count {
      x[i] += b[i]
      largest = Swift.max(largest, x[i])
    }
    return largest
  }

  /// x[i] = e^(x[i] − shift) for i < `count`; returns Σ_i x[i] (the new values).
  @_spi(Kernels) public static func exponentiateReference(
    _ x: UnsafeMutablePointer<Float>, count: Int, shift: Float
  ) -> Float {
    var sum = 0.0
    for i in 0..<count {
      x[i] = Foundation.exp(x[i] - shift)
      sum += Double(x[i])
    }
    return Float(sum)
  }

  /// x[i] *= factor, then sum[i] += x[i], for i < `count`.
  @_spi(Kernels) public static func scaleAndAccumulateReference(
    _ x: UnsafeMutablePointer<Float>, by factor: Float, into sum: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    for i in 0..<count {
      x[i] *= factor
      sum[i] += x[i]
    }
  }

  /// For the logits x of NCE's label-0 (noise) classes: x[i] = factor·σ(x[i]) for i < `count`,
  /// and returns Σ_i log(1 + e^x[i]) over the logits as they were, written as
  /// max(x, 0) + log(1 + e^−|x|) so that no e^x overflows.
  @_spi(Kernels) public static func noiseSigmoidReference(
    _ x: UnsafeMutablePointer<Float>, count: Int, factor: Float
  ) -> Double {
    var loss = 0.0
    for i in 0..<count {
      let logit = Double(x[i])
      loss += Swift.max(logit, 0) + Foundation.log1p(Foundation.exp(-abs(logit)))
      x[i] = Float(Double(factor) / (1 + Foundation.exp(-logit)))
    }
    return loss
  }
}
