import Foundation

/// The numerically stable scalar pieces every cross-entropy shares.
public enum StableMath {
  /// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^−|x|): never overflows.
  @inlinable @inline(__always)
  public static func softplus(_ x: Float) -> Float {
    max(x, 0) + log1p(exp(-abs(x)))
  }

  /// σ(x) = 1 / (1 + e^−x), from whichever side keeps e^· ≤ 1.
  @inlinable @inline(__always)
  public static func sigmoid(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }

  /// log Σ e^(x_i), with the maximum subtracted first.
  @inlinable
  public static func logSumExp(_ values: UnsafeBufferPointer<Float>) -> Float {
    guard let largest = values.max(), largest.isFinite else { return values.max() ?? -.infinity }
    var sum: Float = 0
    for value in values { sum += exp(value - largest) }
    return largest + log(sum)
  }
}
