/// The two row passes of a CBOW window.
///
/// Done as word2vec.c does it, a window zeroes the hidden vector, adds each context row to it
/// and scales it, then for each output row runs two `axpy` (into the update, into the row) and
/// at last adds the update to each context row: about m + 2n + m loops over d floats, each
/// loading and storing again the vector it accumulates into. Here the mean is one pass that
/// keeps the sum in registers while all context rows are added; the update is one pass that
/// keeps the hidden vector and the update in registers while each output row is read, updated
/// and stored, then adds the update to each context row. Both step over 32 floats (four
/// registers) at a time where they can: per element, the sum over context rows and the update
/// over output rows are chains of dependent additions, and four chains in flight do not wait
/// on each addition's latency as one would. The operations and their order per element are
/// those of the loops they replace, `scaledSumReference` and `cbowUpdateReference`
/// (CBOWKernels+Reference.swift), so the mean is theirs bit for bit and the update too, but
/// where an FMA build fuses a multiply-add (the tests check the mean bit for bit, the update to
/// rounding).
extension Kernels {
  /// out = (Σ_j rows[j]) · scale, the sum taken in row order.
  @inlinable @inline(__always)
  @_spi(Kernels) public static func scaledSum(
    of rows: UnsafePointer<UnsafeMutablePointer<Float>>, rowCount m: Int, scale: Float,
    into out: UnsafeMutablePointer<Float>, count d: Int
  ) {
    let factor = SIMD8<Float>(repeating: scale)
    let sum = UnsafeMutableRawPointer(out)
    @inline(__always) func add(_ total: inout SIMD8<Float>, _ row: UnsafeRawPointer, _ offset: Int)
    {
      total += row.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
    }
    var index = 0
    while index &+ 32 <= d {
      let offset = index &* 4
      var (s0, s1, s2, s3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
      for j in 0..<m {
        let row = UnsafeRawPointer(rows[j])
        add(&s0, row, offset)
        add(&s1, row, offset &+ 32)
        add(&s2, row, offset &+ 64)
        add(&s3, row, offset &+ 96)
      }
      sum.storeBytes(of: s0 * factor, toByteOffset: offset, as: SIMD8<Float>.self)
      sum.storeBytes(of: s1 * factor, toByteOffset: offset &+ 32, as: SIMD8<Float>.self)
      sum.storeBytes(of: s2 * factor, toByteOffset: offset &+ 64, as: SIMD8<Float>.self)
      sum.storeBytes(of: s3 * factor, toByteOffset: offset &+ 96, as: SIMD8<Float>.self)
      index &+= 32
    }
    while index &+ 8 <= d {
      let offset = index &* 4
      var s = SIMD8<Float>()
      for j in 0..<m { add(&s, UnsafeRawPointer(rows[j]), offset) }
      sum.storeBytes(of: s * factor, toByteOffset: offset, as: SIMD8<Float>.self)
      index &+= 8
    }
    if index &+ 4 <= d {
      var s = SIMD4<Float>()
      for j in 0..<m {
        s += UnsafeRawPointer(rows[j]).loadUnaligned(
          fromByteOffset: index &* 4, as: SIMD4<Float>.self)
      }
      sum.storeBytes(
        of: s * SIMD4<Float>(repeating: scale), toByteOffset: index &* 4, as: SIMD4<Float>.self)
      index &+= 4
    }
    while index < d {
      var s: Float = 0
      for j in 0..<m { s += rows[j][index] }
      out[index] = s * scale
      index &+= 1
    }
  }

  /// A CBOW window's updates, with g the output rows' gradients already scaled by −learning
  /// rate and h the hidden vector: for each output k in order, u += g_k·W_k and then
  /// W_k += g_k·h; then C_j += u for each context row j in order. Each row is read from
  /// memory where it is used, so a row listed twice (a candidate drawn twice, a word twice in
  /// the window) takes its updates in turn, as the separate loops give them. With
  /// `contextScale` s the contexts take C_j += s·u (a loss whose input rows learn at a fraction
  /// of the output rows' rate); s = 1 is the plain update, bit for bit.
  @inlinable @inline(__always)
  @_spi(Kernels) public static func cbowUpdate(
    hidden h: UnsafePointer<Float>, outputs: UnsafePointer<UnsafeMutablePointer<Float>>,
    gradients g: UnsafePointer<Float>, outputCount n: Int,
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int, count d: Int,
    contextScale: Float = 1
  ) {
    let scale8 = SIMD8<Float>(repeating: contextScale)
    let hiddenRow = UnsafeRawPointer(h)
    @inline(__always) func load(_ row: UnsafeRawPointer, _ offset: Int) -> SIMD8<Float> {
      row.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
    }
    /// u += c·W, then W += c·h, on one chunk of an output row.
    @inline(__always) func updateOutput(
      _ u: inout SIMD8<Float>, _ row: UnsafeMutableRawPointer, _ offset: Int,
      _ c: SIMD8<Float>, _ hidden: SIMD8<Float>
    ) {
      var w = load(row, offset)
      multiplyAdd(&u, c, w)
      multiplyAdd(&w, c, hidden)
      row.storeBytes(of: w, toByteOffset: offset, as: SIMD8<Float>.self)
    }
    @inline(__always) func addUpdate(
      _ u: SIMD8<Float>, _ row: UnsafeMutableRawPointer, _ offset: Int
    ) {
      row.storeBytes(of: load(row, offset) + u, toByteOffset: offset, as: SIMD8<Float>.self)
    }
    var index = 0
    while index &+ 32 <= d {
      let offset = index &* 4
      let (h0, h1, h2, h3) = (
        load(hiddenRow, offset), load(hiddenRow, offset &+ 32), load(hiddenRow, offset &+ 64),
        load(hiddenRow, offset &+ 96)
      )
      var (u0, u1, u2, u3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
      for k in 0..<n {
        let row = UnsafeMutableRawPointer(outputs[k])
        let c = SIMD8<Float>(repeating: g[k])
        updateOutput(&u0, row, offset, c, h0)
        updateOutput(&u1, row, offset &+ 32, c, h1)
        updateOutput(&u2, row, offset &+ 64, c, h2)
        updateOutput(&u3, row, offset &+ 96, c, h3)
      }
      (u0, u1, u2, u3) = (u0 * scale8, u1 * scale8, u2 * scale8, u3 * scale8)
      for j in 0..<m {
        let row = UnsafeMutableRawPointer(contexts[j])
        addUpdate(u0, row, offset)
        addUpdate(u1, row, offset &+ 32)
        addUpdate(u2, row, offset &+ 64)
        addUpdate(u3, row, offset &+ 96)
      }
      index &+= 32
    }
    while index &+ 8 <= d {
      let offset = index &* 4
      let hidden = load(hiddenRow, offset)
      var u = SIMD8<Float>()
      for k in 0..<n {
        updateOutput(
          &u, UnsafeMutableRawPointer(outputs[k]), offset, SIMD8<Float>(repeating: g[k]), hidden)
      }
      u *= scale8
      for j in 0..<m { addUpdate(u, UnsafeMutableRawPointer(contexts[j]), offset) }
      index &+= 8
    }
    // The last d mod 8 elements, with the unfused products of `axpy`'s tail.
    if index &+ 4 <= d {
      let offset = index &* 4
      let hidden = hiddenRow.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
      var u = SIMD4<Float>()
      for k in 0..<n {
        let row = UnsafeMutableRawPointer(outputs[k])
        let c = SIMD4<Float>(repeating: g[k])
        let w = row.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self)
        u += c * w
        row.storeBytes(of: w + c * hidden, toByteOffset: offset, as: SIMD4<Float>.self)
      }
      u *= SIMD4<Float>(repeating: contextScale)
      for j in 0..<m {
        let row = UnsafeMutableRawPointer(contexts[j])
        row.storeBytes(
          of: row.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self) + u,
          toByteOffset: offset, as: SIMD4<Float>.self)
      }
      index &+= 4
    }
    while index < d {
      var u: Float = 0
      for k in 0..<n {
        let row = outputs[k]
        let w = row[index]
        u += g[k] * w
        row[index] = w + g[k] * h[index]
      }
      u *= contextScale
      for j in 0..<m { contexts[j][index] += u }
      index &+= 1
    }
  }
}
