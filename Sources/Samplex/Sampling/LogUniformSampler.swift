import Foundation

/// The log-uniform (Zipfian) distribution over frequency-sorted ids, TensorFlow's default for
/// sampled softmax: `Q(k) = (log(k+2) − log(k+1)) / log(V+1)`.
///
/// Q is computed as `log1p(1/(k+1)) / log1p(V)`: the naive float32 difference of logs is wrong by
/// up to 91% at V = 10^6. A draw inverts the CDF, `k = ⌊(V+1)^u⌋ − 1` for u uniform in [0, 1)
/// (TensorFlow's `⌊exp(u·log(V+1))⌋ − 1`), in O(1) without calling `exp`: in fixed point,
/// `u·log2(V+1) = n + j/256 + g` with n and j integers and g < 1/256, and
/// `(V+1)^u = 2^n · 2^(j/256) · e^(g·ln 2)`, from a 256-entry table and a degree-5 Taylor
/// polynomial (remainder below 2^-8·ln 2 to the 6th over 6!, 5e-19). The result is within about
/// 1e-15 of the exact power, so a draw moves to a neighbouring id only when the power lands that
/// close to an integer: about once in 10^9 draws at V = 10^6.
public struct LogUniformSampler: CandidateSampler {
  public let rangeMax: Int
  @usableFromInline let logRange: Double
  @usableFromInline let inverseLogRange: Double
  /// log2(V+1) · 2^58, for the fixed-point product with a 64-bit uniform.
  @usableFromInline let log2RangeFixed: UInt64
  /// `powers[j] = 2^(j/256)`.
  @usableFromInline let powers: [Double]
  /// TensorFlow's float32 Q of the ids below `tabulatedCount`, where a series would need many
  /// terms; above, `log1p(1/(k+1))` is a short series.
  @usableFromInline let tensorFlowHead: [Float]
  @usableFromInline static var tabulatedCount: Int { 1024 }

  public init(rangeMax: Int) throws(SamplerError) {
    guard rangeMax >= 1 else { throw .emptyRange }
    self.rangeMax = rangeMax
    logRange = log1p(Double(rangeMax))
    inverseLogRange = 1 / logRange
    // log2(V+1) < 63 for any V that fits an Int32 id, so the fixed-point value fits 64 bits.
    log2RangeFixed = UInt64((logRange / M_LN2 * 0x1p58).rounded())
    powers = (0..<256).map { exp2(Double($0) / 256) }
    let logRange = self.logRange
    tensorFlowHead = (0..<min(rangeMax, Self.tabulatedCount)).map { id in
      Float(log((Double(id) + 2) / (Double(id) + 1)) / logRange)
    }
  }

  public func probability(of id: Int32) -> Double {
    log1p(1 / (Double(id) + 1)) / logRange
  }

  /// TensorFlow evaluates `log((k + 2.0) / (k + 1.0)) / log1p(R)` in double, then rounds: a
  /// table below id 1024; above, with x = 1/(k+1) ≤ 2^-10, `log1p(x)` to x⁵ (relative error
  /// below x⁵/6 / x ≤ 1.5e-13), rounded to the same float but in a tie. Both are computed and
  /// one is chosen, without a branch: drawn ids fall on either side unpredictably.
  @inlinable
  public func tensorFlowProbability(of id: Int32) -> Float {
    let index = Int(id)
    let head = tensorFlowHead.withUnsafeBufferPointer { $0[min(index, $0.count - 1)] }
    let x = 1 / (Double(id) + 1)
    let series = x * (1 - x * (1.0 / 2 - x * (1.0 / 3 - x * (1.0 / 4 - x * (1.0 / 5)))))
    let tail = Float(series * inverseLogRange)
    return index < tensorFlowHead.count ? head : tail
  }

  @inlinable @inline(__always)
  public func draw<Random: RandomNumberGenerator>(using random: inout Random) -> Int32 {
    // u·log2(V+1) in fixed point with 58 fraction bits: the high word of r · log2(V+1)·2^58.
    let exponent = random.next().multipliedFullWidth(by: log2RangeFixed).high
    let whole = exponent >> 58
    let tableIndex = Int(truncatingIfNeeded: (exponent >> 50) & 255)
    let g = Double(exponent & ((1 << 50) - 1)) * 0x1p-58 * M_LN2
    // e^g to degree 5, by Estrin's scheme.
    let g2 = g * g
    let p = (1 + g) + g2 * ((0.5 + g * (1.0 / 6)) + g2 * (1.0 / 24 + g * (1.0 / 120)))
    let scale = Double(bitPattern: (whole &+ 1023) << 52)
    let power = powers.withUnsafeBufferPointer { $0[tableIndex] } * scale * p
    let value = Int(power) &- 1
    // The power can round up to exactly V + 1 at the top of the range; TensorFlow wraps with `% V`.
    return Int32(truncatingIfNeeded: value >= rangeMax ? value &- rangeMax : value)
  }
}
