/// Both updates of a skip-gram window over the centre's path in the hierarchical softmax's tree:
/// with G the window's (contexts × path) gradient block, row-major and already scaled by
/// −learning rate,
///
///     W_k += Σ_j G_jk·U_j   and   U_j += Σ_k G_jk·W_k.
///
/// `windowUpdate` keeps six output rows in registers and streams the contexts past them, which
/// suits six candidates; a path has about log2 V rows (more than six for most words), so there
/// it took every context row through a deferred-update scratch once per group of six path rows,
/// padding the last group with zero rows. Here the roles turn: up to six context chunks and their
/// sums stay in registers while the path rows stream past, each loaded once, updated in place
/// and stored once, with no scratch and no padding. A window of more than six contexts (word2vec
/// windows reach ten) goes in balanced groups of at most six, one after the other; a later group
/// reads the path rows as the earlier ones left them, as word2vec.c's per-context loop does, so
/// the result is `pathUpdateReference`'s (PathUpdate+Reference.swift) to rounding. The path's
/// rows must be distinct (a Huffman path's are): each is written once per chunk as it streams.
/// A context row listed twice takes both of its updates (each group adds its sums to the row as
/// it is then).
///
/// Each group runs through `pathUpdateGroup`, whose six context slots are named values, each
/// taken only below the group's size: the release build keeps one copy of it with the size an
/// argument (`nm` shows no copy per size), so the size's tests are branches that go the same
/// way for the whole window. Each row goes by chunks of 8 floats, then one of 4 (d = 100 ends
/// in one), then one float at a time.
extension Kernels {
  @inlinable
  @_spi(Kernels) public static func pathUpdate(
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int,
    path: UnsafePointer<UnsafeMutablePointer<Float>>, pathCount n: Int,
    gradients g: UnsafePointer<Float>, count d: Int
  ) {
    let groups = (m &+ 5) / 6
    var start = 0
    for group in 0..<groups {
      let size = (m &- start) / (groups &- group)
      let rows = contexts + start
      let block = g + start &* n
      switch size {
      case 1:
        pathUpdateGroup(1, contexts: rows, path: path, pathCount: n, gradients: block, count: d)
      case 2:
        pathUpdateGroup(2, contexts: rows, path: path, pathCount: n, gradients: block, count: d)
      case 3:
        pathUpdateGroup(3, contexts: rows, path: path, pathCount: n, gradients: block, count: d)
      case 4:
        pathUpdateGroup(4, contexts: rows, path: path, pathCount: n, gradients: block, count: d)
      case 5:
        pathUpdateGroup(5, contexts: rows, path: path, pathCount: n, gradients: block, count: d)
      default:
        pathUpdateGroup(6, contexts: rows, path: path, pathCount: n, gradients: block, count: d)
      }
      start &+= size
    }
  }

  /// One group of `r` (1…6) contexts against the whole path.
  @inlinable @inline(__always)
  static func pathUpdateGroup(
    _ r: Int, contexts: UnsafePointer<UnsafeMutablePointer<Float>>,
    path: UnsafePointer<UnsafeMutablePointer<Float>>, pathCount n: Int,
    gradients g: UnsafePointer<Float>, count d: Int
  ) {
    var index = 0
    while index &+ 8 <= d {
      pathUpdateChunk(
        r, SIMD8<Float>.self, at: index, contexts: contexts, path: path, pathCount: n,
        gradients: g)
      index &+= 8
    }
    if index &+ 4 <= d {
      pathUpdateChunk(
        r, SIMD4<Float>.self, at: index, contexts: contexts, path: path, pathCount: n,
        gradients: g)
      index &+= 4
    }
    // The last d mod 4 floats (none at d = 100 or any multiple of 4), in the chunks' order:
    // the contexts' sums from the path as it was, the path from the contexts as they were, the
    // sums added last.
    guard index < d else { return }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 6) { sums in
      while index < d {
        for j in 0..<r {
          var sum: Float = 0
          for k in 0..<n { sum += g[j &* n &+ k] * path[k][index] }
          sums[j] = sum
        }
        for k in 0..<n {
          var sum: Float = 0
          for j in 0..<r { sum += g[j &* n &+ k] * contexts[j][index] }
          path[k][index] += sum
        }
        for j in 0..<r { contexts[j][index] += sums[j] }
        index &+= 1
      }
    }
  }

  /// One chunk (a `V` of floats at element `index`) of every row: the group's context chunks
  /// and their sums in registers, each path chunk loaded, updated and stored once.
  @inlinable @inline(__always)
  static func pathUpdateChunk<V: SIMD>(
    _ r: Int, _: V.Type, at index: Int, contexts: UnsafePointer<UnsafeMutablePointer<Float>>,
    path: UnsafePointer<UnsafeMutablePointer<Float>>, pathCount n: Int,
    gradients g: UnsafePointer<Float>
  ) where V.Scalar == Float {
    let offset = index &* 4
    @inline(__always) func load(_ row: UnsafeMutablePointer<Float>) -> V {
      UnsafeRawPointer(row).loadUnaligned(fromByteOffset: offset, as: V.self)
    }
    @inline(__always) func store(_ value: V, _ row: UnsafeMutablePointer<Float>) {
      UnsafeMutableRawPointer(row).storeBytes(of: value, toByteOffset: offset, as: V.self)
    }
    @inline(__always) func multiplyAdd(_ accumulator: inout V, _ a: V, _ b: V) {
      #if SAMPLEX_FMA
        accumulator.addProduct(a, b)
      #else
        accumulator += a * b
      #endif
    }
    // Unrolled by hand over the six slots, as in `windowUpdate6`: named values stay in
    // registers, where an array would be memory. Slots at or past r are never read.
    let c0 = contexts[0]
    let c1 = r > 1 ? contexts[1] : c0
    let c2 = r > 2 ? contexts[2] : c0
    let c3 = r > 3 ? contexts[3] : c0
    let c4 = r > 4 ? contexts[4] : c0
    let c5 = r > 5 ? contexts[5] : c0
    let u0 = load(c0)
    let u1 = r > 1 ? load(c1) : V()
    let u2 = r > 2 ? load(c2) : V()
    let u3 = r > 3 ? load(c3) : V()
    let u4 = r > 4 ? load(c4) : V()
    let u5 = r > 5 ? load(c5) : V()
    var (s0, s1, s2, s3, s4, s5) = (V(), V(), V(), V(), V(), V())
    for k in 0..<n {
      let row = path[k]
      let w = load(row)
      var updated = w
      // G's column k: one coefficient per context, n apart.
      let column = g + k
      @inline(__always) func take(_ j: Int, _ u: V, _ sum: inout V) {
        let c = V(repeating: column[j &* n])
        multiplyAdd(&updated, c, u)
        multiplyAdd(&sum, c, w)
      }
      take(0, u0, &s0)
      if r > 1 { take(1, u1, &s1) }
      if r > 2 { take(2, u2, &s2) }
      if r > 3 { take(3, u3, &s3) }
      if r > 4 { take(4, u4, &s4) }
      if r > 5 { take(5, u5, &s5) }
      store(updated, row)
    }
    // Read again before adding: a context row listed twice takes both sums in turn.
    store(load(c0) + s0, c0)
    if r > 1 { store(load(c1) + s1, c1) }
    if r > 2 { store(load(c2) + s2, c2) }
    if r > 3 { store(load(c3) + s3, c3) }
    if r > 4 { store(load(c4) + s4, c4) }
    if r > 5 { store(load(c5) + s5, c5) }
  }
}
