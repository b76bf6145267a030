/// Both updates of a skip-gram window over six output rows (the centre and word2vec's default
/// five candidates) in one pass: with G the window's (contexts × 6) gradient block, already
/// scaled by −learning rate,
///
///     W_k += Σ_j G_jk·U_j   and   U_j += Σ_k G_jk·W_k,
///
/// both from the rows as they were before the window.
///
/// Done as two small products (`addCombination` into a scratch ΔW, then into each U_j, then
/// ΔW added to W) every multiply-add loads a vector: two loads per pair of multiply-adds, which
/// left the loop waiting on loads. Here, chunk by chunk of 8 floats, the six output chunks and
/// their six sums stay in registers (15 of the 16 of x86-64-v3) while each context chunk is
/// loaded once, takes its twelve multiply-adds and is stored once: seven loads (one row chunk,
/// six broadcast coefficients) per twelve. Its reference is `windowUpdateReference`
/// (WindowUpdate+Reference.swift) with six outputs, which it agrees with to rounding (each
/// context's sum is added term by term, and FMA builds fuse the multiply-adds), provided no
/// context row appears twice in the window (a repeated row would be read here after its first
/// update): `hasRepeatedRow` tells, and `windowUpdate` takes such windows through the grouped
/// form. Repeated output rows are fine (see the stores).
extension Kernels {
  @inlinable @inline(__always)
  @_spi(Kernels) public static func windowUpdate6(
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int,
    outputs: UnsafePointer<UnsafeMutablePointer<Float>>, gradients g: UnsafePointer<Float>,
    count d: Int, deferringTo contextUpdates: UnsafeMutablePointer<Float>? = nil,
    first: Bool = true
  ) {
    let (o0, o1, o2, o3, o4, o5) = (
      outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5]
    )
    @inline(__always) func load(_ row: UnsafeMutablePointer<Float>, _ offset: Int) -> SIMD8<Float> {
      UnsafeRawPointer(row).loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
    }
    @inline(__always) func store(
      _ value: SIMD8<Float>, _ row: UnsafeMutablePointer<Float>, _ offset: Int
    ) {
      UnsafeMutableRawPointer(row).storeBytes(
        of: value, toByteOffset: offset, as: SIMD8<Float>.self)
    }
    var index = 0
    while index &+ 8 <= d {
      let offset = index &* 4
      let (w0, w1, w2, w3, w4, w5) = (
        load(o0, offset), load(o1, offset), load(o2, offset), load(o3, offset), load(o4, offset),
        load(o5, offset)
      )
      var (a0, a1, a2, a3, a4, a5) = (
        SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
        SIMD8<Float>()
      )
      // Unrolled by hand over the six outputs: named values stay in registers, where an
      // array of six would be memory.
      for j in 0..<m {
        let row = contexts[j]
        let u = load(row, offset)
        // In place, or into the context's deferred update (`windowUpdate`'s groups).
        let target = contextUpdates.map { $0 + j &* d } ?? row
        var updated = contextUpdates == nil ? u : first ? SIMD8<Float>() : load(target, offset)
        let coefficients = g + j &* 6
        var c = SIMD8<Float>(repeating: coefficients[0])
        multiplyAdd(&a0, c, u)
        multiplyAdd(&updated, c, w0)
        c = SIMD8<Float>(repeating: coefficients[1])
        multiplyAdd(&a1, c, u)
        multiplyAdd(&updated, c, w1)
        c = SIMD8<Float>(repeating: coefficients[2])
        multiplyAdd(&a2, c, u)
        multiplyAdd(&updated, c, w2)
        c = SIMD8<Float>(repeating: coefficients[3])
        multiplyAdd(&a3, c, u)
        multiplyAdd(&updated, c, w3)
        c = SIMD8<Float>(repeating: coefficients[4])
        multiplyAdd(&a4, c, u)
        multiplyAdd(&updated, c, w4)
        c = SIMD8<Float>(repeating: coefficients[5])
        multiplyAdd(&a5, c, u)
        multiplyAdd(&updated, c, w5)
        store(updated, target, offset)
      }
      // Read again before adding: two outputs may be one row (a candidate drawn twice, or
      // equal to the centre), which then takes both sums in turn, as the two-product form
      // adds them.
      store(load(o0, offset) + a0, o0, offset)
      store(load(o1, offset) + a1, o1, offset)
      store(load(o2, offset) + a2, o2, offset)
      store(load(o3, offset) + a3, o3, offset)
      store(load(o4, offset) + a4, o4, offset)
      store(load(o5, offset) + a5, o5, offset)
      index &+= 8
    }
    // The last d mod 8 elements, one at a time, with the unfused products of the two-product
    // form's tails.
    while index < d {
      let w = (o0[index], o1[index], o2[index], o3[index], o4[index], o5[index])
      var a: (Float, Float, Float, Float, Float, Float) = (0, 0, 0, 0, 0, 0)
      for j in 0..<m {
        let row = contexts[j]
        let u = row[index]
        let target = contextUpdates.map { $0 + j &* d } ?? row
        let c = g + j &* 6
        a.0 += c[0] * u
        a.1 += c[1] * u
        a.2 += c[2] * u
        a.3 += c[3] * u
        a.4 += c[4] * u
        a.5 += c[5] * u
        var updated = contextUpdates == nil ? u : first ? 0 : target[index]
        updated += c[0] * w.0
        updated += c[1] * w.1
        updated += c[2] * w.2
        updated += c[3] * w.3
        updated += c[4] * w.4
        updated += c[5] * w.5
        target[index] = updated
      }
      o0[index] += a.0
      o1[index] += a.1
      o2[index] += a.2
      o3[index] += a.3
      o4[index] += a.4
      o5[index] += a.5
      index &+= 1
    }
  }

  /// Both updates of a skip-gram window over `n` output rows, with G the window's
  /// (contexts × n) gradient block, already scaled by −learning rate:
  /// `W_k += Σ_j G_jk·U_j` and `U_j += Σ_k G_jk·W_k`, from the rows as they were before the
  /// window. Six outputs with no repeated context row take `windowUpdate6` in place. Otherwise
  /// the outputs go six at a time through `windowUpdate6` (the last group padded with a zero
  /// row and zero coefficients), which updates the group's output rows and adds the contexts'
  /// updates into `scratch.contextUpdates` while every context row is still as it was; the
  /// contexts take their updates last. A fused pass loads each context chunk once for twelve
  /// multiply-adds, where two separate products load a vector for every one or two
  /// (`Benchmarks/history/losses.md`, 2026-12-06). An output row repeated in two groups (a
  /// candidate drawn twice, six or more apart) is read by the later group after the earlier
  /// group's update, as Hogwild's workers read rows another has just written; otherwise the
  /// result is `windowUpdateReference`'s to rounding. With `contextScale` s the contexts take
  /// `U_j += s·Σ_k G_jk·W_k` (a loss whose input rows learn at a fraction of the output rows'
  /// rate); s = 1 is the plain update, bit for bit.
  @inlinable @inline(__always)
  @_spi(Kernels) public static func windowUpdate(
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int,
    outputs: UnsafePointer<UnsafeMutablePointer<Float>>, outputCount n: Int,
    gradients g: UnsafePointer<Float>, scratch: WindowUpdateScratch, count d: Int,
    contextScale: Float = 1
  ) {
    if n == 6, contextScale == 1, !hasRepeatedRow(contexts, count: m) {
      windowUpdate6(contexts: contexts, contextCount: m, outputs: outputs, gradients: g, count: d)
      return
    }
    let rows = scratch.groupRows
    let coefficients = scratch.groupGradients
    var start = 0
    while start < n {
      let size = min(6, n &- start)
      for k in 0..<6 { rows[k] = k < size ? outputs[start &+ k] : scratch.zeroRow }
      for j in 0..<m {
        for k in 0..<6 { coefficients[j &* 6 &+ k] = k < size ? g[j &* n &+ start &+ k] : 0 }
      }
      windowUpdate6(
        contexts: contexts, contextCount: m, outputs: rows, gradients: coefficients, count: d,
        deferringTo: scratch.contextUpdates, first: start == 0)
      // The padding took the group's update too (zero, unless a context row is not finite,
      // when 0·∞ is NaN): zeroed again, so that it pads the next window with zeros.
      if size < 6 { scratch.zeroRow.update(repeating: 0, count: d) }
      start &+= 6
    }
    for j in 0..<m { axpy(contextScale, scratch.contextUpdates + j &* d, contexts[j], count: d) }
  }

  /// Whether any row pointer appears twice among the first `count`.
  @inlinable @inline(__always)
  @_spi(Kernels) public static func hasRepeatedRow(
    _ rows: UnsafePointer<UnsafeMutablePointer<Float>>, count: Int
  )
    -> Bool
  {
    var j = 1
    while j < count {
      var i = 0
      while i < j {
        if rows[i] == rows[j] { return true }
        i &+= 1
      }
      j &+= 1
    }
    return false
  }
}
