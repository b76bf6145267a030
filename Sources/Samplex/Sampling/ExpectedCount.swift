import Foundation

/// The expected count of a class in a candidate draw (TensorFlow's `ExpectedCountHelper`).
public enum ExpectedCount {
  /// In Double: `p·S` when no draw was rejected (`tries == S`), else `−expm1(tries·log1p(−p))`.
  @inlinable
  public static func exact(probability: Double, numSampled: Int, numTries: Int) -> Double {
    if numTries == numSampled { return probability * Double(numSampled) }
    return -expm1(Double(numTries) * log1p(-probability))
  }

  /// The same in float32, operation for operation as TensorFlow's kernel.
  @inlinable
  public static func tensorFlow(probability: Float, numSampled: Int, numTries: Int) -> Float {
    if numTries == numSampled { return probability * Float(numSampled) }
    return -expm1(Float(numTries) * log1p(-probability))
  }

  /// `log(count)`, with a count of 0 (a class the sampler can never draw) taken as the smallest
  /// normal float, so that `subtract_log_q` stays finite where TensorFlow's `log(0) = −inf` turns
  /// the loss into NaN: the class's logit is raised by about 87.3 instead.
  @inlinable
  public static func logarithm(_ count: Float) -> Float {
    log(max(count, .leastNormalMagnitude))
  }
}
