/// All dot products between a few rows and a few columns, `out[j·n + k] = rows[j] · columns[k]`:
/// a window's logits. Computing them pair by pair loads two vectors per multiply-add; this
/// micro-kernel takes two rows and four columns at a time, eight accumulators in registers, and
/// loads six vectors per eight multiply-adds. Its reference, and `dotRow`'s, is the plain dot
/// product of each pair (`dotBlockReference`, `dotRowReference` in DotBlock+Reference.swift).
extension Kernels {
  @inlinable
  @_spi(Kernels) public static func dotBlock(
    rows: UnsafePointer<UnsafeMutablePointer<Float>>, rowCount: Int,
    columns: UnsafePointer<UnsafeMutablePointer<Float>>, columnCount n: Int,
    count d: Int, into out: UnsafeMutablePointer<Float>
  ) {
    let vectorEnd = d & ~7
    var j = 0
    while j &+ 2 <= rowCount {
      let (p0, p1) = (rows[j], rows[j &+ 1])
      let (r0, r1) = (UnsafeRawPointer(p0), UnsafeRawPointer(p1))
      var k = 0
      while k &+ 4 <= n {
        let (q0, q1, q2, q3) = (columns[k], columns[k &+ 1], columns[k &+ 2], columns[k &+ 3])
        let (c0, c1, c2, c3) = (
          UnsafeRawPointer(q0), UnsafeRawPointer(q1), UnsafeRawPointer(q2), UnsafeRawPointer(q3)
        )
        var (a00, a01, a02, a03) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var (a10, a11, a12, a13) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var i = 0
        while i < vectorEnd {
          let offset = i &* 4
          let x0 = r0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          let x1 = r1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          let y0 = c0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          let y1 = c1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          let y2 = c2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          let y3 = c3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          multiplyAdd(&a00, x0, y0)
          multiplyAdd(&a01, x0, y1)
          multiplyAdd(&a02, x0, y2)
          multiplyAdd(&a03, x0, y3)
          multiplyAdd(&a10, x1, y0)
          multiplyAdd(&a11, x1, y1)
          multiplyAdd(&a12, x1, y2)
          multiplyAdd(&a13, x1, y3)
          i &+= 8
        }
        var s0 = SIMD4<Float>(a00.sum(), a01.sum(), a02.sum(), a03.sum())
        var s1 = SIMD4<Float>(a10.sum(), a11.sum(), a12.sum(), a13.sum())
        while i < d {
          let y = SIMD4<Float>(q0[i], q1[i], q2[i], q3[i])
          s0 += p0[i] * y
          s1 += p1[i] * y
          i &+= 1
        }
        for lane in 0..<4 {
          out[j &* n &+ k &+ lane] = s0[lane]
          out[(j &+ 1) &* n &+ k &+ lane] = s1[lane]
        }
        k &+= 4
      }
      while k < n {
        out[j &* n &+ k] = dot(p0, columns[k], count: d)
        out[(j &+ 1) &* n &+ k] = dot(p1, columns[k], count: d)
        k &+= 1
      }
      j &+= 2
    }
    if j < rowCount {
      dotRow(rows[j], columns: columns, columnCount: n, count: d, into: out + j &* n)
    }
  }

  /// `out[k] = row · columns[k]`: one row against a few columns (a CBOW window's logits, the
  /// odd row of a block), four columns at a time (six from n = 6 on, `dotRowBySix`) so that
  /// each chunk of the row is loaded once for four (six) multiply-adds. With n not a multiple of
  /// the group, the last group overlaps the one before and computes its shared columns again,
  /// to the same values.
  @inlinable
  @_spi(Kernels) public static func dotRow(
    _ row: UnsafeMutablePointer<Float>, columns: UnsafePointer<UnsafeMutablePointer<Float>>,
    columnCount n: Int, count d: Int, into out: UnsafeMutablePointer<Float>
  ) {
    guard n >= 4 else {
      for k in 0..<n { out[k] = dot(row, columns[k], count: d) }
      return
    }
    if n >= 6 {
      dotRowBySix(row, columns: columns, columnCount: n, count: d, into: out)
      return
    }
    let vectorEnd = d & ~7
    let x = UnsafeRawPointer(row)
    var start = 0
    while start < n {
      let k = min(start, n &- 4)
      let (q0, q1, q2, q3) = (columns[k], columns[k &+ 1], columns[k &+ 2], columns[k &+ 3])
      let (c0, c1, c2, c3) = (
        UnsafeRawPointer(q0), UnsafeRawPointer(q1), UnsafeRawPointer(q2), UnsafeRawPointer(q3)
      )
      var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
      var i = 0
      while i < vectorEnd {
        let offset = i &* 4
        let chunk = x.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        multiplyAdd(&a0, chunk, c0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
        multiplyAdd(&a1, chunk, c1.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
        multiplyAdd(&a2, chunk, c2.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
        multiplyAdd(&a3, chunk, c3.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
        i &+= 8
      }
      var sums = SIMD4<Float>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
      while i < d {
        sums += row[i] * SIMD4<Float>(q0[i], q1[i], q2[i], q3[i])
        i &+= 1
      }
      for lane in 0..<4 { out[k &+ lane] = sums[lane] }
      start &+= 4
    }
  }

  /// `dotRow` six columns at a time (a window's centre and five negatives in one group), with
  /// two accumulators per column: the sums over 8-float chunks alternate between them, so that
  /// twelve chains of multiply-adds are in flight instead of four (at d = 100, twelve chunks a
  /// column, one chain of twelve dependent multiply-adds waited on each one's latency).
  @inlinable
  static func dotRowBySix(
    _ row: UnsafeMutablePointer<Float>, columns: UnsafePointer<UnsafeMutablePointer<Float>>,
    columnCount n: Int, count d: Int, into out: UnsafeMutablePointer<Float>
  ) {
    let vectorEnd = d & ~7
    let x = UnsafeRawPointer(row)
    var start = 0
    while start < n {
      let k = min(start, n &- 6)
      let c = (
        UnsafeRawPointer(columns[k]), UnsafeRawPointer(columns[k &+ 1]),
        UnsafeRawPointer(columns[k &+ 2]), UnsafeRawPointer(columns[k &+ 3]),
        UnsafeRawPointer(columns[k &+ 4]), UnsafeRawPointer(columns[k &+ 5])
      )
      var a = (
        SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
        SIMD8<Float>()
      )
      var b = a
      @inline(__always) func load(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD8<Float> {
        p.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
      }
      // One 8-float chunk of the row against the six columns, into one set of accumulators.
      @inline(__always) func addChunk(
        _ sums:
          inout (
            SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
          ), at offset: Int
      ) {
        let chunk = load(x, offset)
        multiplyAdd(&sums.0, chunk, load(c.0, offset))
        multiplyAdd(&sums.1, chunk, load(c.1, offset))
        multiplyAdd(&sums.2, chunk, load(c.2, offset))
        multiplyAdd(&sums.3, chunk, load(c.3, offset))
        multiplyAdd(&sums.4, chunk, load(c.4, offset))
        multiplyAdd(&sums.5, chunk, load(c.5, offset))
      }
      var i = 0
      while i &+ 16 <= vectorEnd {
        addChunk(&a, at: i &* 4)
        addChunk(&b, at: i &* 4 &+ 32)
        i &+= 16
      }
      if i < vectorEnd {
        addChunk(&a, at: i &* 4)
        i &+= 8
      }
      var sums = (
        (a.0 + b.0).sum(), (a.1 + b.1).sum(), (a.2 + b.2).sum(), (a.3 + b.3).sum(),
        (a.4 + b.4).sum(), (a.5 + b.5).sum()
      )
      // d = 100 leaves 4: one SIMD4 product a column.
      if i &+ 4 <= d {
        let offset = i &* 4
        let x4 = x.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
        @inline(__always) func tail(_ p: UnsafeRawPointer) -> Float {
          (x4 * p.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)).sum()
        }
        sums.0 += tail(c.0)
        sums.1 += tail(c.1)
        sums.2 += tail(c.2)
        sums.3 += tail(c.3)
        sums.4 += tail(c.4)
        sums.5 += tail(c.5)
        i &+= 4
      }
      while i < d {
        let value = row[i]
        sums.0 += value * columns[k][i]
        sums.1 += value * columns[k &+ 1][i]
        sums.2 += value * columns[k &+ 2][i]
        sums.3 += value * columns[k &+ 3][i]
        sums.4 += value * columns[k &+ 4][i]
        sums.5 += value * columns[k &+ 5][i]
        i &+= 1
      }
      out[k] = sums.0
      out[k &+ 1] = sums.1
      out[k &+ 2] = sums.2
      out[k &+ 3] = sums.3
      out[k &+ 4] = sums.4
      out[k &+ 5] = sums.5
      start &+= 6
    }
  }
}
