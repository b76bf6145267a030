@_spi(Kernels) import Samplex
import Testing

@Suite struct VectorKernelsTests {
  /// Lengths around the SIMD steps (16, 8, 4) and d = 100; the SIMD sum reassociates n terms of
  /// magnitude ≤ 1, so it may differ from the plain loop by n·ε·Σ|a·b| ≤ n² · 1.2e-7.
  @Test(arguments: [0, 1, 3, 4, 5, 8, 12, 15, 16, 17, 100, 101, 300])
  func simdKernelsAgreeWithThePlainLoops(count: Int) {
    let a = randomValues(count, scale: 1, seed: 1)
    let b = randomValues(count, scale: 1, seed: 2)
    let fast = Kernels.dot(a, b, count: count)
    let plain = Kernels.dotReference(a, b, count: count)
    #expect(abs(fast - plain) <= Float(count * count) * 1.2e-7 + 1e-7)
    var y1 = b
    var y2 = b
    Kernels.axpy(0.3, a, &y1, count: count)
    Kernels.axpyReference(0.3, a, &y2, count: count)
    for i in 0..<count { #expect(abs(y1[i] - y2[i]) <= 2.4e-7) }
    // y += 0.5·a − 2·b, as one combination of two rows.
    var y3 = [Float](repeating: 1, count: count)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        let rows = [
          UnsafeMutablePointer(mutating: pa.baseAddress ?? UnsafePointer(bitPattern: 8)!),
          UnsafeMutablePointer(mutating: pb.baseAddress ?? UnsafePointer(bitPattern: 8)!),
        ]
        let coefficients: [Float] = [0.5, -2]
        Kernels.addCombination(
          of: rows, coefficients: coefficients, rowCount: 2, to: &y3, count: count)
      }
    }
    for i in 0..<count { #expect(abs(y3[i] - (1 + 0.5 * a[i] - 2 * b[i])) <= 4.8e-7) }
  }
}
