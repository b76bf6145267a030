/// σ(z) and softplus(z) = log(1 + e^z) over eight floats at once: the hierarchical softmax
/// needs both for every (context, path node) pair of a window, about 70 of them, where
/// `LogisticTable`'s two lookups a value ran one float at a time with the loss summed in one
/// chain (a fifth of a skip-gram epoch's time in the profile of BENCHMARKS.md's machine).
///
/// With e = e^−|z| ∈ (0, 1] from `exp` (relative error below 2e-7): σ(z) = 1/(1 + e) for z ≥ 0
/// and e/(1 + e) below, and softplus(z) = max(z, 0) + log1p(e), log1p(e) = 2·atanh(s) with
/// s = e/(2 + e) ≤ 1/3 summed to s¹³ (the rest below 2·(1/3)^15/15 ≈ 9.3e-9). A NaN gives NaN
/// in both, so that a diverged model's loss reports it. Its reference is `LogisticTable`, which
/// it agrees with to the table's interpolation error (below 1e-5).
extension Kernels {
  @inlinable @inline(__always)
  @_spi(Kernels) public static func sigmoidAndSoftplus(_ z: SIMD8<Float>) -> (
    sigmoid: SIMD8<Float>, softplus: SIMD8<Float>
  ) {
    // −|z| by setting the sign bit: a NaN stays NaN.
    let negativeMagnitude = unsafeBitCast(
      unsafeBitCast(z, to: SIMD8<UInt32>.self) | 0x8000_0000, to: SIMD8<Float>.self)
    let e = exp(negativeMagnitude)
    let one = SIMD8<Float>(repeating: 1)
    let inverse = one / (one + e)
    let sigmoid = (e * inverse).replacing(with: inverse, where: z .>= 0)
    let s = e / (2 + e)
    let s2 = s * s
    var series = SIMD8<Float>(repeating: 1.0 / 13)
    series = fused(series, s2, 1.0 / 11)
    series = fused(series, s2, 1.0 / 9)
    series = fused(series, s2, 1.0 / 7)
    series = fused(series, s2, 1.0 / 5)
    series = fused(series, s2, 1.0 / 3)
    series = fused(series, s2, 1)
    let positivePart = z.replacing(with: 0, where: z .< 0)
    return (sigmoid, fused(2 * s, series, positivePart))
  }
}
