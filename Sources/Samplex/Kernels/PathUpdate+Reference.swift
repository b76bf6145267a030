/// The plain loops that `pathUpdate` must agree with, for the tests and the benchmarks.
extension Kernels {
  /// A skip-gram window's two updates over a tree path, as `pathUpdate` orders them: the `m`
  /// contexts in ⌈m/6⌉ balanced groups of consecutive rows (sizes ⌊·⌋ of what is left over the
  /// groups left), each group's updates `windowUpdateReference`'s over the whole path (both from
  /// the rows as the earlier groups left them), one group after the other. With m ≤ 6 that is
  /// `windowUpdateReference` itself. G is (m × n), row-major, scaled by −learning rate.
  @_spi(Kernels) public static func pathUpdateReference(
    contexts: UnsafePointer<UnsafeMutablePointer<Float>>, contextCount m: Int,
    path: UnsafePointer<UnsafeMutablePointer<Float>>, pathCount n: Int,
    gradients g: UnsafePointer<Float>, scratch: WindowUpdateScratch, count d: Int
  ) {
    let groups = (m + 5) / 6
    var start = 0
    for group in 0..<groups {
      let size = (m - start) / (groups - group)
      windowUpdateReference(
        contexts: contexts + start, contextCount: size, outputs: path, outputCount: n,
        gradients: g + start * n, scratch: scratch, count: d)
      start += size
    }
  }
}
