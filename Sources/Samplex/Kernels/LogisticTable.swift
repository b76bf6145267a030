/// σ(x) and softplus(x) by linear interpolation in tables over [−16, 16], as word2vec's
/// `expTable` does for σ (but interpolated, and with the loss too): one multiply, two loads and a
/// blend instead of an exponential and a logarithm, for the innermost loop of training.
///
/// With steps of h = 1/64, interpolation errs by at most h²/8 · max|f''| = 3.05e-5 · max|f''|:
/// 2.9e-6 for σ (max|σ''| = 0.096) and 7.6e-6 for softplus (max 0.25), plus up to 2e-6 from
/// rounding x + 16 to a float (its ulp, times slopes of at most 1). Beyond ±16, σ is 0 or 1 and softplus(x) is max(x, 0), off by at
/// most e^−16 ≈ 1.1e-7.
public struct LogisticTable: Sendable {
  @usableFromInline static var limit: Float { 16 }
  @usableFromInline static var stepsPerUnit: Float { 64 }
  @usableFromInline let sigmoids: [Float]
  @usableFromInline let softpluses: [Float]

  public init() {
    let count = Int(2 * Self.limit * Self.stepsPerUnit) + 2
    let xs = (0..<count).map { -Double(Self.limit) + Double($0) / Double(Self.stepsPerUnit) }
    sigmoids = xs.map { Float(1 / (1 + FastExponential.exp(-$0))) }
    softpluses = xs.map {
      Float(max($0, 0) + Self.log1pSmall(FastExponential.exp(-abs($0))))
    }
  }

  /// σ(x).
  @inlinable @inline(__always)
  public func sigmoid(_ x: Float) -> Float {
    if x >= Self.limit { return 1 }
    if x <= -Self.limit { return 0 }
    if x.isNaN { return x }  // a diverged model: let the NaN reach the loss, which reports it
    return interpolate(sigmoids, x)
  }

  /// softplus(x) = log(1 + e^x).
  @inlinable @inline(__always)
  public func softplus(_ x: Float) -> Float {
    if x >= Self.limit { return x }
    if x <= -Self.limit { return 0 }
    if x.isNaN { return x }
    return interpolate(softpluses, x)
  }

  /// σ(x) and softplus(x) from one position in the tables: the hierarchical softmax needs both
  /// for every node of a path.
  @inlinable @inline(__always)
  public func sigmoidAndSoftplus(_ x: Float) -> (sigmoid: Float, softplus: Float) {
    if x >= Self.limit { return (1, x) }
    if x <= -Self.limit { return (0, 0) }
    if x.isNaN { return (x, x) }
    let (index, fraction) = Self.position(x)
    return sigmoids.withUnsafeBufferPointer { s in
      softpluses.withUnsafeBufferPointer { p in
        (Self.blend(s, index, fraction), Self.blend(p, index, fraction))
      }
    }
  }

  @inlinable @inline(__always)
  func interpolate(_ table: [Float], _ x: Float) -> Float {
    let (index, fraction) = Self.position(x)
    return table.withUnsafeBufferPointer { Self.blend($0, index, fraction) }
  }

  /// The table step at or below `x` (in −16..<16) and how far past it `x` lies, in 0..<1.
  @inlinable @inline(__always)
  static func position(_ x: Float) -> (index: Int, fraction: Float) {
    let position = (x + limit) * stepsPerUnit
    let index = Int(position)
    return (index, position - Float(index))
  }

  /// The table's value between steps `index` and `index + 1`.
  @inlinable @inline(__always)
  static func blend(_ values: UnsafeBufferPointer<Float>, _ index: Int, _ fraction: Float)
    -> Float
  {
    values[index] + fraction * (values[index &+ 1] - values[index])
  }

  /// log1p(t) for t ∈ [0, 1]: 2·atanh(s) with s = t / (2 + t) ≤ 1/3, summed to s¹⁵ (remainder
  /// below 2·(1/3)^17/17 ≈ 9.1e-10): far below Float's precision.
  @inlinable @inline(__always)
  static func log1pSmall(_ t: Double) -> Double {
    let s = t / (2 + t)
    let s2 = s * s
    var series = 1.0 / 15
    series = series * s2 + 1.0 / 13
    series = series * s2 + 1.0 / 11
    series = series * s2 + 1.0 / 9
    series = series * s2 + 1.0 / 7
    series = series * s2 + 1.0 / 5
    series = series * s2 + 1.0 / 3
    series = series * s2 + 1
    return 2 * s * series
  }
}
