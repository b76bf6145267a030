import Foundation

/// Reductions and element-wise passes over a row of logits, eight lanes at a time. Written out
/// because the compiler keeps a scalar `max` or `+=` reduction in order (IEEE semantics), which
/// leaves it bound by the adder's latency: on a 100,000-class row that cost more than the matrix
/// products around it. The fused passes' plain loops are in RowKernels+Reference.swift.
extension Kernels {
  /// The largest of `count` values (−∞ for none).
  @inlinable
  @_spi(Kernels) public static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    let raw = UnsafeRawPointer(x)
    var lanes = SIMD8<Float>(repeating: -.infinity)
    var index = 0
    while index &+ 8 <= count {
      let v = raw.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      lanes = lanes.replacing(with: v, where: v .> lanes)
      index &+= 8
    }
    var result = lanes.max()
    while index < count {
      result = Swift.max(result, x[index])
      index &+= 1
    }
    return result
  }

  /// x += b, then returns the largest new value (−∞ for none): the bias pass and the maximum
  /// of a row of logits in one pass over it, the same values as `axpy(1, b, x)` then `maximum`.
  @inlinable
  @_spi(Kernels) public static func addAndMaximum(
    _ b: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, count: Int
  ) -> Float {
    let rawB = UnsafeRawPointer(b)
    let rawX = UnsafeMutableRawPointer(x)
    var lanes = SIMD8<Float>(repeating: -.infinity)
    var index = 0
    while index &+ 8 <= count {
      let v =
        rawX.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
        + rawB.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      rawX.storeBytes(of: v, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      lanes = lanes.replacing(with: v, where: v .> lanes)
      index &+= 8
    }
    var result = lanes.max()
    while index < count {
      x[index] += b[index]
      result = Swift.max(result, x[index])
      index &+= 1
    }
    return result
  }

  /// x *= factor, then sum += x: a row of the softmax gradient scaled and added into the
  /// running bias gradient while it is in cache, the same values as `scale` then `axpy(1, x,
  /// sum)`.
  @inlinable
  @_spi(Kernels) public static func scaleAndAccumulate(
    _ x: UnsafeMutablePointer<Float>, by factor: Float, into sum: UnsafeMutablePointer<Float>,
    count: Int
  ) {
    let rawX = UnsafeMutableRawPointer(x)
    let rawSum = UnsafeMutableRawPointer(sum)
    var index = 0
    while index &+ 8 <= count {
      let v = rawX.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self) * factor
      rawX.storeBytes(of: v, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      let total = rawSum.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self) + v
      rawSum.storeBytes(of: total, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      index &+= 8
    }
    while index < count {
      x[index] *= factor
      sum[index] += x[index]
      index &+= 1
    }
  }

  /// x = e^(x − shift) in place; returns the sum of the new values.
  @inlinable
  @_spi(Kernels) public static func exponentiate(
    _ x: UnsafeMutablePointer<Float>, count: Int, shift: Float
  ) -> Float {
    let raw = UnsafeMutableRawPointer(x)
    let offset = SIMD8<Float>(repeating: shift)
    var sum0 = SIMD8<Float>()
    var sum1 = SIMD8<Float>()
    var index = 0
    while index &+ 16 <= count {
      let a = exp(raw.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self) - offset)
      let b = exp(
        raw.loadUnaligned(fromByteOffset: (index &+ 8) &* 4, as: SIMD8<Float>.self) - offset)
      raw.storeBytes(of: a, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      raw.storeBytes(of: b, toByteOffset: (index &+ 8) &* 4, as: SIMD8<Float>.self)
      sum0 += a
      sum1 += b
      index &+= 16
    }
    var tail = SIMD8<Float>(repeating: -.infinity)
    let remaining = count &- index
    for lane in 0..<Swift.min(remaining, 8) { tail[lane] = x[index &+ lane] - shift }
    let a = exp(tail)
    for lane in 0..<Swift.min(remaining, 8) { x[index &+ lane] = a[lane] }
    sum0 += a
    var total = (sum0 + sum1).sum()
    index &+= Swift.min(remaining, 8)
    while index < count {
      x[index] = Foundation.exp(x[index] - shift)
      total += x[index]
      index &+= 1
    }
    return total
  }

  /// x *= factor in place.
  @inlinable
  @_spi(Kernels) public static func scale(
    _ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int
  ) {
    let raw = UnsafeMutableRawPointer(x)
    var index = 0
    while index &+ 8 <= count {
      let v = raw.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self) * factor
      raw.storeBytes(of: v, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      index &+= 8
    }
    while index < count {
      x[index] *= factor
      index &+= 1
    }
  }

  /// For logits x of the label-0 (noise) classes of NCE: x = factor·σ(x) in place (the
  /// gradient of the sigmoid cross-entropy, times `factor`), and returns the loss
  /// Σ log(1 + e^x) = Σ max(x, 0) + log(1 + e^−|x|), the logarithms taken of lane products of
  /// at most 64 factors (each in (1, 2], so a product stays below 2^64).
  @inlinable
  @_spi(Kernels) public static func noiseSigmoid(
    _ x: UnsafeMutablePointer<Float>, count: Int, factor: Float
  ) -> Double {
    let raw = UnsafeMutableRawPointer(x)
    var positive = SIMD8<Float>()
    var product = SIMD8<Float>(repeating: 1)
    var total = 0.0
    var chunks = 0
    func fold() {
      for lane in 0..<8 { total += Foundation.log(Double(product[lane])) }
      product = SIMD8(repeating: 1)
      chunks = 0
    }
    var index = 0
    let zero = SIMD8<Float>()
    while index &+ 8 <= count {
      let v = raw.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      let magnitude = v.replacing(with: -v, where: v .< zero)
      let e = exp(-magnitude)
      let onePlus = 1 + e
      let sigmoid = (SIMD8<Float>(repeating: 1) / onePlus).replacing(
        with: e / onePlus, where: v .< zero)
      raw.storeBytes(of: sigmoid * factor, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      positive += v.replacing(with: zero, where: v .< zero)
      product *= onePlus
      chunks &+= 1
      if chunks == 64 { fold() }
      index &+= 8
    }
    fold()
    total += Double(positive.sum())
    while index < count {
      let v = x[index]
      total += Double(Swift.max(v, 0)) + Foundation.log1p(Foundation.exp(-Double(abs(v))))
      x[index] = factor / (1 + Foundation.exp(-v))
      index &+= 1
    }
    return total
  }
}
