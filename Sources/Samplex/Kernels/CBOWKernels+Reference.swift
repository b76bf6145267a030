/// The plain loops that `scaledSum` and `cbowUpdate` must agree with, for the tests and the
/// benchmarks: a CBOW window's two row passes written one element at a time (each element of a
/// row depends only on the same element of the others), with no SIMD.
extension Kernels {
  /// out[i] = (Σ_j rows[j][i])·scale for i < d, the sum taken over j < m in order: the mean of a
  /// window's context rows when scale = 1/m. A row listed twice is added twice.
  @_spi(Kernels) public static func scaledSumReference(
    of rows: UnsafePointer<UnsafeMutablePointer<Float>>, rowCount m: Int, scale: Float,
    into out: UnsafeMutablePointer<Float>, count d: Int
  ) {
    for i in 0..<d {
      var sum: Float = 0
      for j in 0..<m { sum += rows[j][i] }
      out[i] = sum * scale
    }
  }

  /// A CBOW window's updates, with h the hidden vector, W_k the n output rows, C_j the m
  /// context rows and g_k the outputs' gradients already scaled by −learning rate:
  ///
  ///     u = Σ_k g_k·W_k,   W_k += g_k·h   (k in order),   then C_j += u   (j in order),
  ///
  /// each W_k read when its turn comes, so that an output row listed twice takes its update
  /// before it is read again, and a context row listed twice takes u twice. With
  /// `contextScale` s the contexts take s·u.
  @_spi(Kernels) public static func cbowUpdateReference(
    hidden h: UnsafePointer<Float>, outputs: UnsafePointer<UnsafeMutablePointer<Float>>,
    gradients g: UnsafePointer<Float>, outputCount n: Int,
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int, count d: Int,
    contextScale: Float = 1
  ) {
    for i in 0..<d {
      var u: Float = 0
      for k in 0..<n {
        u += g[k] * outputs[k][i]
        outputs[k][i] += g[k] * h[i]
      }
      for j in 0..<m { contexts[j][i] += contextScale * u }
    }
  }
}
