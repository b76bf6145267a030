/// All dot products between a few rows and a few columns, `out[j·n + k] = rows[j] · columns[k]`:
/// a window's logits. Computing them pair by pair loads two vectors per multiply-add; this
/// micro-kernel takes two rows and four columns at a time, eight accumulators in registers, and
/// loads six vectors per eight multiply-adds.
extension Kernels {
  @inlinable
  public static func dotBlock(
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
  /// odd row of a block), four columns at a time so that each chunk of the row is loaded once
  /// for four multiply-adds. With n ≥ 4 not a multiple of four, the last group overlaps the one
  /// before and computes its shared columns again, to the same values.
  @inlinable
  public static func dotRow(
    _ row: UnsafeMutablePointer<Float>, columns: UnsafePointer<UnsafeMutablePointer<Float>>,
    columnCount n: Int, count d: Int, into out: UnsafeMutablePointer<Float>
  ) {
    guard n >= 4 else {
      for k in 0..<n { out[k] = dot(row, columns[k], count: d) }
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
}
