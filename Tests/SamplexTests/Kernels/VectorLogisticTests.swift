import Foundation
@_spi(Kernels) import Samplex
import Testing

@Suite struct VectorLogisticTests {
  /// σ and softplus over eight lanes are the math's (in Double) within 1e-6 of σ and of the
  /// softplus's size, from far below −87 (where e^z underflows) to far above, and agree with
  /// `LogisticTable` to its interpolation error.
  @Test func eightLanesAreTheMath() {
    let table = LogisticTable()
    let zs: [Float] =
      [-200, -90, -40, -16.5, -6, -1, -0.25, 0, 1e-7, 0.3, 2, 5.999, 15.9, 16, 30, 120]
      + (0..<64).map { Float($0) * 0.37 - 11.3 }
    for start in stride(from: 0, to: zs.count, by: 8) {
      let lanes = SIMD8<Float>(zs[start..<start + 8])
      let (sigmoid, softplus) = Kernels.sigmoidAndSoftplus(lanes)
      for lane in 0..<8 {
        let z = Double(lanes[lane])
        let exactSigmoid = 1 / (1 + Foundation.exp(-z))
        let exactSoftplus = max(z, 0) + log1p(Foundation.exp(-abs(z)))
        #expect(abs(Double(sigmoid[lane]) - exactSigmoid) <= 1e-6, "σ(\(z))")
        #expect(
          abs(Double(softplus[lane]) - exactSoftplus) <= 1e-6 * max(1, exactSoftplus),
          "softplus(\(z))")
        let (tableSigmoid, tableSoftplus) = table.sigmoidAndSoftplus(lanes[lane])
        #expect(abs(sigmoid[lane] - tableSigmoid) <= 1e-5)
        #expect(abs(softplus[lane] - tableSoftplus) <= 1e-5 * max(1, tableSoftplus))
      }
    }
  }

  /// A NaN lane gives NaN in both, so that a diverged model's loss reports it; the other lanes
  /// are untouched by it.
  @Test func aNaNStaysNaN() {
    var lanes = SIMD8<Float>(repeating: 1)
    lanes[3] = .nan
    let (sigmoid, softplus) = Kernels.sigmoidAndSoftplus(lanes)
    #expect(sigmoid[3].isNaN && softplus[3].isNaN)
    #expect(abs(sigmoid[0] - 0.731_058_6) < 1e-6 && abs(softplus[7] - 1.313_261_7) < 1e-6)
  }
}
