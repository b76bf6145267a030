/// Dot products and scaled additions of float vectors: the level-1 work of every training step.
///
/// `dot` and `axpy` run over `SIMD8<Float>` with two accumulators and a scalar tail; the
/// `…Reference` twins are plain loops, kept for the tests and the benchmarks. Release builds for
/// x86-64-v3 (AVX2 and FMA, see Package.swift) define `SAMPLEX_FMA` and fuse each multiply-add:
/// without FMA hardware a fused SIMD multiply-add would become a libm call per lane.
extension Kernels {
  /// Σ a[i]·b[i] over `count` elements.
  @inlinable @inline(__always)
  public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float
  {
    var first = SIMD8<Float>()
    var second = SIMD8<Float>()
    var index = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    while index &+ 16 <= count {
      multiplyAdd(
        &first, rawA.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self),
        rawB.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self))
      multiplyAdd(
        &second, rawA.loadUnaligned(fromByteOffset: (index &+ 8) &* 4, as: SIMD8<Float>.self),
        rawB.loadUnaligned(fromByteOffset: (index &+ 8) &* 4, as: SIMD8<Float>.self))
      index &+= 16
    }
    if index &+ 8 <= count {
      multiplyAdd(
        &first, rawA.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self),
        rawB.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self))
      index &+= 8
    }
    var sum = (first + second).sum()
    // d = 100, word2vec's default, leaves 4: one SIMD4 step instead of four scalar ones.
    if index &+ 4 <= count {
      sum +=
        (rawA.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self)
        * rawB.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self)).sum()
      index &+= 4
    }
    while index < count {
      sum += a[index] * b[index]
      index &+= 1
    }
    return sum
  }

  /// y[i] += alpha·x[i] over `count` elements.
  @inlinable @inline(__always)
  public static func axpy(
    _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    var index = 0
    let rawX = UnsafeRawPointer(x)
    let rawY = UnsafeMutableRawPointer(y)
    let scale = SIMD8<Float>(repeating: alpha)
    while index &+ 8 <= count {
      var updated = rawY.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      multiplyAdd(
        &updated, scale, rawX.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self))
      rawY.storeBytes(of: updated, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      index &+= 8
    }
    if index &+ 4 <= count {
      let updated =
        rawY.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self)
        + SIMD4<Float>(repeating: alpha)
        * rawX.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self)
      rawY.storeBytes(of: updated, toByteOffset: index &* 4, as: SIMD4<Float>.self)
      index &+= 4
    }
    while index < count {
      y[index] += alpha * x[index]
      index &+= 1
    }
  }

  /// accumulator += a·b, fused where the build targets FMA hardware.
  @inlinable @inline(__always)
  static func multiplyAdd(_ accumulator: inout SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) {
    #if SAMPLEX_FMA
      accumulator.addProduct(a, b)
    #else
      accumulator += a * b
    #endif
  }

  /// y[i] += Σ_k coefficients[k]·rows[k][i] over `count` elements: one pass over y that keeps
  /// each chunk in a register while all the rows are added (a row of a small matrix product),
  /// instead of one load and store of y per row as repeated `axpy` would do.
  @inlinable @inline(__always)
  public static func addCombination(
    of rows: UnsafePointer<UnsafeMutablePointer<Float>>, coefficients: UnsafePointer<Float>,
    rowCount: Int,
    stride coefficientStride: Int = 1, to y: UnsafeMutablePointer<Float>, count: Int
  ) {
    var index = 0
    let rawY = UnsafeMutableRawPointer(y)
    while index &+ 8 <= count {
      var accumulator = rawY.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      for k in 0..<rowCount {
        multiplyAdd(
          &accumulator, SIMD8<Float>(repeating: coefficients[k &* coefficientStride]),
          UnsafeRawPointer(rows[k]).loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
        )
      }
      rawY.storeBytes(of: accumulator, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      index &+= 8
    }
    if index &+ 4 <= count {
      var accumulator = rawY.loadUnaligned(fromByteOffset: index &* 4, as: SIMD4<Float>.self)
      for k in 0..<rowCount {
        accumulator +=
          SIMD4<Float>(repeating: coefficients[k &* coefficientStride])
          * UnsafeRawPointer(rows[k]).loadUnaligned(
            fromByteOffset: index &* 4, as: SIMD4<Float>.self)
      }
      rawY.storeBytes(of: accumulator, toByteOffset: index &* 4, as: SIMD4<Float>.self)
      index &+= 4
    }
    while index < count {
      var sum = y[index]
      for k in 0..<rowCount { sum += coefficients[k &* coefficientStride] * rows[k][index] }
      y[index] = sum
      index &+= 1
    }
  }

  /// y[i] = alpha·x[i] over `count` elements.
  @inlinable @inline(__always)
  public static func scale(
    _ alpha: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for index in 0..<count { y[index] = alpha * x[index] }
  }

  /// The plain loop `dot` must agree with.
  public static func dotReference(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int)
    -> Float
  {
    var sum: Float = 0
    for index in 0..<count { sum += a[index] * b[index] }
    return sum
  }

  /// The plain loop `axpy` must agree with.
  public static func axpyReference(
    _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for index in 0..<count { y[index] += alpha * x[index] }
  }
}

/// Small numeric kernels, inlinable so that callers in other modules (the benchmarks) run the
/// same inlined code.
public enum Kernels {}
