/// The plain loops that `windowUpdate6` and `windowUpdate` must agree with, for the tests and
/// the benchmarks: a skip-gram window's two updates written as the math reads, one element at a
/// time, with no SIMD and no fused pass.
extension Kernels {
  /// Both updates of a skip-gram window over `n` output rows W_k and `m` context rows U_j, with
  /// G the window's (m × n) gradient block, row-major (G_jk = `g[j·n + k]`), already scaled by
  /// −learning rate:
  ///
  ///     U_j += Σ_k G_jk·W_k   and   W_k += Σ_j G_jk·U_j,
  ///
  /// both from the rows as they were before the window. The contexts' updates are taken first,
  /// into `scratch.contextUpdates`, while every output row is as it was; the outputs' next,
  /// while every context row is; the contexts' last. An output row listed twice takes both of
  /// its sums, and a context row listed twice both of its updates. `windowUpdate6` computes this
  /// with n = 6 (and no context row listed twice), `windowUpdate` for any n. With
  /// `contextScale` s the contexts take s times their sums.
  @_spi(Kernels) public static func windowUpdateReference(
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int,
    outputs: UnsafePointer<UnsafeMutablePointer<Float>>, outputCount n: Int,
    gradients g: UnsafePointer<Float>, scratch: WindowUpdateScratch, count d: Int,
    contextScale: Float = 1
  ) {
    let contextUpdates = scratch.contextUpdates
    for j in 0..<m {
      for i in 0..<d {
        var sum: Float = 0
        for k in 0..<n { sum += g[j * n + k] * outputs[k][i] }
        contextUpdates[j * d + i] = sum
      }
    }
    for k in 0..<n {
      for i in 0..<d {
        var sum: Float = 0
        for j in 0..<m { sum += g[j * n + k] * contexts[j][i] }
        outputs[k][i] += sum
      }
    }
    for j in 0..<m {
      for i in 0..<d { contexts[j][i] += contextScale * contextUpdates[j * d + i] }
    }
  }
}
