/// exp over eight floats at once, for the softmax and sigmoid of minibatch steps where scalar
/// `expf` would cost more than the matrix products (a million logits a step at S = 1024).
///
/// Cephes' `expf` scheme: x = n·ln 2 + r with |r| ≤ ln2/2 (ln 2 split in two constants so the
/// reduction is exact), e^r by a degree-6 polynomial, 2^n put into the exponent bits. Relative
/// error below 2e-7 over the range; inputs below −87.3 (where e^x is subnormal) give 0.
extension Kernels {
  // `@_transparent`, not `@inline(__always)`: with the latter the optimizer kept it a call
  // (perf: 4.67% of a sampled-softmax step at S = 1024 in the call itself).
  @_transparent
  @_spi(Kernels) public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let low = SIMD8<Float>(repeating: -87.3)
    let high = SIMD8<Float>(repeating: 88.3)
    let clamped = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
    // Adding 1.5·2^23 rounds to the nearest integer (ties to even) in the float's low mantissa
    // bits: the conversion Swift's generic SIMD initializers would do lane by lane.
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let shifted = fused(clamped, 1.442_695_04, magic)
    let n = shifted - magic
    let r = fused(n, 2.121_944_4e-4, fused(n, -0.693_359_375, clamped))
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = fused(p, r, 1.398_199_95e-3)
    p = fused(p, r, 8.333_451_9e-3)
    p = fused(p, r, 4.166_579_6e-2)
    p = fused(p, r, 1.666_666_55e-1)
    p = fused(p, r, 5.000_000_1e-1)
    let er = fused(p, r * r, r + 1)
    // 2^n: n sits in the low bits of `shifted`, whose bits are 0x4B40_0000 + n.
    let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    return (er * scale).replacing(with: 0, where: x .< low)
  }

  /// a·b + c, as one rounding where the build targets FMA hardware (`multiplyAdd`): Swift does
  /// not contract `a * b + c` itself, and fused, the polynomial takes half the instructions
  /// (Benchmarks/history/steps.md, 2026-12-05).
  @_transparent @usableFromInline
  static func fused(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
    var result = c
    multiplyAdd(&result, a, b)
    return result
  }

  @_transparent @usableFromInline
  static func fused(_ a: SIMD8<Float>, _ b: Float, _ c: SIMD8<Float>) -> SIMD8<Float> {
    fused(a, SIMD8(repeating: b), c)
  }

  @_transparent @usableFromInline
  static func fused(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: Float) -> SIMD8<Float> {
    fused(a, b, SIMD8(repeating: c))
  }
}
