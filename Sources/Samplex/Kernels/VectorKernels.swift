/// Dot products and scaled additions of float vectors: the level-1 work of every training step.
///
/// `dot` and `axpy` run over `SIMD8<Float>` with two accumulators and a scalar tail; their
/// plain-loop twins are in VectorKernels+Reference.swift, beside those of the fused kernels
/// (`<Kernel>+Reference.swift`), for the tests and the benchmarks. Release builds for
/// x86-64-v3 (AVX2 and FMA, see Package.swift) define `SAMPLEX_FMA` and fuse each multiply-add:
/// without FMA hardware a fused SIMD multiply-add would become a libm call per lane.
extension Kernels {
  /// Σ a[i]·b[i] over `count` elements: four independent accumulators, so that consecutive
  /// multiply-adds do not wait on each other's latency.
  @inlinable @inline(__always)
  @_spi(Kernels) public static func dot(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int
  ) -> Float {
    var s0 = SIMD8<Float>()
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var s3 = SIMD8<Float>()
    var index = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    @inline(__always) func chunk(_ offset: Int) -> (SIMD8<Float>, SIMD8<Float>) {
      (
        rawA.loadUnaligned(fromByteOffset: offset &* 4, as: SIMD8<Float>.self),
        rawB.loadUnaligned(fromByteOffset: offset &* 4, as: SIMD8<Float>.self)
      )
    }
    while index &+ 32 <= count {
      let (a0, b0) = chunk(index)
      let (a1, b1) = chunk(index &+ 8)
      let (a2, b2) = chunk(index &+ 16)
      let (a3, b3) = chunk(index &+ 24)
      multiplyAdd(&s0, a0, b0)
      multiplyAdd(&s1, a1, b1)
      multiplyAdd(&s2, a2, b2)
      multiplyAdd(&s3, a3, b3)
      index &+= 32
    }
    while index &+ 8 <= count {
      let (a0, b0) = chunk(index)
      multiplyAdd(&s0, a0, b0)
      index &+= 8
    }
    var sum = ((s0 + s1) + (s2 + s3)).sum()
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
  @_spi(Kernels) public static func axpy(
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
  @_spi(Kernels) public static func addCombination(
    of rows: UnsafePointer<UnsafeMutablePointer<Float>>, coefficients: UnsafePointer<Float>,
    rowCount: Int,
    stride coefficientStride: Int = 1, to y: UnsafeMutablePointer<Float>, count: Int
  ) {
    var index = 0
    let rawY = UnsafeMutableRawPointer(y)
    @inline(__always) func load(_ row: UnsafeMutablePointer<Float>, _ offset: Int) -> SIMD8<Float> {
      UnsafeRawPointer(row).loadUnaligned(fromByteOffset: offset &* 4, as: SIMD8<Float>.self)
    }
    // Four chunks at a time: four independent chains of multiply-adds over the rows.
    while index &+ 32 <= count {
      var y0 = rawY.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      var y1 = rawY.loadUnaligned(fromByteOffset: (index &+ 8) &* 4, as: SIMD8<Float>.self)
      var y2 = rawY.loadUnaligned(fromByteOffset: (index &+ 16) &* 4, as: SIMD8<Float>.self)
      var y3 = rawY.loadUnaligned(fromByteOffset: (index &+ 24) &* 4, as: SIMD8<Float>.self)
      for k in 0..<rowCount {
        let coefficient = SIMD8<Float>(repeating: coefficients[k &* coefficientStride])
        let row = rows[k]
        multiplyAdd(&y0, coefficient, load(row, index))
        multiplyAdd(&y1, coefficient, load(row, index &+ 8))
        multiplyAdd(&y2, coefficient, load(row, index &+ 16))
        multiplyAdd(&y3, coefficient, load(row, index &+ 24))
      }
      rawY.storeBytes(of: y0, toByteOffset: index &* 4, as: SIMD8<Float>.self)
      rawY.storeBytes(of: y1, toByteOffset: (index &+ 8) &* 4, as: SIMD8<Float>.self)
      rawY.storeBytes(of: y2, toByteOffset: (index &+ 16) &* 4, as: SIMD8<Float>.self)
      rawY.storeBytes(of: y3, toByteOffset: (index &+ 24) &* 4, as: SIMD8<Float>.self)
      index &+= 32
    }
    while index &+ 8 <= count {
      var accumulator = rawY.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self)
      for k in 0..<rowCount {
        multiplyAdd(
          &accumulator, SIMD8<Float>(repeating: coefficients[k &* coefficientStride]),
          load(rows[k], index))
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
}

/// Small numeric kernels, inlinable so that callers in other modules (the benchmarks) run the
/// same inlined code; their `…Reference` forms are plain library functions.
@_spi(Kernels) public enum Kernels {}
