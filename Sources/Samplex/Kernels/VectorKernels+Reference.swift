/// The plain loops that `dot` and `axpy` must agree with, for the tests and the benchmarks.
extension Kernels {
  /// Σ_i a[i]·b[i] for i < `count`, summed in order.
  @_spi(Kernels) public static func dotReference(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int
  )
    -> Float
  {
    var sum: Float = 0
    for index in 0..<count { sum += a[index] * b[index] }
    return sum
  }

  /// y[i] += alpha·x[i] for i < `count`.
  @_spi(Kernels) public static func axpyReference(
    _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for index in 0..<count { y[index] += alpha * x[index] }
  }
}
