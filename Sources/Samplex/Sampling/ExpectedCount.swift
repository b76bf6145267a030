import Foundation

/// The expected count of a class in a candidate draw (TensorFlow's `ExpectedCountHelper`).
public enum ExpectedCount {
  /// In Double: `p·S` when no draw was rejected (`tries == S`), else `−expm1(tries·log1p(−p))`.
  @inlinable
  public static func exact(probability: Double, numSampled: Int, numTries: Int) -> Double {
    if numTries == numSampled { return probability * Double(numSampled) }
    return -expm1(Double(numTries) * log1p(-probability))
  }

  /// TensorFlow's float32 formula, `p·S` or `−expm1f(tries·log1pf(−p))`, evaluated in Double
  /// and rounded once: within an ulp or two of TensorFlow's float32 result, and without a libm
  /// call for most classes (see `log1pOfNegative` and `expm1OfNegative`).
  @inlinable
  public static func tensorFlow(probability: Float, numSampled: Int, numTries: Int) -> Float {
    if numTries == numSampled { return probability * Float(numSampled) }
    let exponent = Double(Float(numTries) * Float(log1pOfNegative(Double(probability))))
    return Float(-expm1OfNegative(exponent))
  }

  /// `log1p(−p)` for 0 ≤ p < 1: its Taylor series to p⁸ when p < 1/16 (relative error below
  /// p⁸/9 / p ≤ 1.7e-9), libm's `log(1 − p)` otherwise, where 1 − p loses nothing that matters.
  @inlinable @inline(__always)
  public static func log1pOfNegative(_ p: Double) -> Double {
    if p >= 0.0625 { return log(1 - p) }
    var sum = 1.0 / 8
    sum = sum * p + 1.0 / 7
    sum = sum * p + 1.0 / 6
    sum = sum * p + 1.0 / 5
    sum = sum * p + 1.0 / 4
    sum = sum * p + 1.0 / 3
    sum = sum * p + 1.0 / 2
    sum = sum * p + 1
    return -p * sum
  }

  /// `expm1(y)` for y ≤ 0, without branches: its Taylor series to y⁸ when |y| < 1/4 (relative
  /// error below |y|⁸/9! ≈ 4.2e-11), `FastExponential.exp(y) − 1` otherwise, where the
  /// subtraction loses at most a factor 4.5 of its 1e-14.
  @inlinable @inline(__always)
  public static func expm1OfNegative(_ y: Double) -> Double {
    var sum = 1.0 / 40_320
    sum = sum * y + 1.0 / 5040
    sum = sum * y + 1.0 / 720
    sum = sum * y + 1.0 / 120
    sum = sum * y + 1.0 / 24
    sum = sum * y + 1.0 / 6
    sum = sum * y + 1.0 / 2
    sum = sum * y + 1
    let series = y * sum
    let direct = FastExponential.exp(y) - 1
    return y > -0.25 ? series : direct
  }

  /// `log(count)`, with a count of 0 (a class the sampler can never draw) taken as the smallest
  /// normal float, so that `subtract_log_q` stays finite where TensorFlow's `log(0) = −inf` turns
  /// the loss into NaN: the class's logit is raised by about 87.3 instead.
  @inlinable
  public static func logarithm(_ count: Float) -> Float {
    log(max(count, .leastNormalMagnitude))
  }
}
