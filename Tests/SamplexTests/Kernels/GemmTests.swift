@_spi(Kernels) import Samplex
import Testing

@Suite struct GemmTests {
  /// The textbook triple loop, in Double.
  private func reference(_ a: [Float], _ b: [Float], rows: Int, inner: Int, columns: Int)
    -> [Double]
  {
    var c = [Double](repeating: 0, count: rows * columns)
    for i in 0..<rows {
      for j in 0..<columns {
        for k in 0..<inner {
          c[i * columns + j] += Double(a[i * inner + k]) * Double(b[k * columns + j])
        }
      }
    }
    return c
  }

  @Test func rowMajorProductsMatchTheTripleLoop() {
    let (rows, inner, columns) = (5, 7, 3)
    var rng = Xoshiro256StarStar(seed: 1)
    let a = (0..<rows * inner).map { _ in Float.random(in: -1...1, using: &rng) }
    let b = (0..<inner * columns).map { _ in Float.random(in: -1...1, using: &rng) }
    let want = reference(a, b, rows: rows, inner: inner, columns: columns)
    var c = [Float](repeating: 0, count: rows * columns)
    Gemm.multiply(a, by: b, into: &c, rows: rows, columns: columns, inner: inner)
    // Each entry sums 7 products of magnitude ≤ 1: float32 rounding stays below 7·2^-23 relative.
    for (got, expected) in zip(c, want) { #expect(abs(Double(got) - expected) <= 1e-5) }

    // The same product with B stored transposed, (columns, inner).
    var bT = [Float](repeating: 0, count: inner * columns)
    for k in 0..<inner { for j in 0..<columns { bT[j * inner + k] = b[k * columns + j] } }
    var c2 = [Float](repeating: 0, count: rows * columns)
    Gemm.multiply(a, by: bT, .transposed, into: &c2, rows: rows, columns: columns, inner: inner)
    #expect(c2 == c)
  }
}
