import Foundation
import Samplex
import Testing

@Suite struct LogisticTableTests {
  @Test func interpolationStaysWithinItsStatedError() {
    let table = LogisticTable()
    var random = Xoshiro256StarStar(seed: 4)
    for _ in 0..<100_000 {
      let x = Float(Double(random.next() >> 11) * 0x1p-53 * 50 - 25)
      let sigmoid = 1 / (1 + exp(-Double(x)))
      let softplus = Double(x) > 0 ? Double(x) + log1p(exp(-Double(x))) : log1p(exp(Double(x)))
      // h²/8 · max|f''| plus float rounding of values ≤ 25.
      #expect(abs(Double(table.sigmoid(x)) - sigmoid) <= 2.9e-6 + 2e-6, "σ(\(x))")
      #expect(
        abs(Double(table.softplus(x)) - softplus) <= 7.6e-6 + 2e-6 + 2e-7 * max(1, softplus),
        "softplus(\(x))")
    }
    #expect(table.sigmoid(.nan).isNaN)
  }

  /// Both values from one table position are each function's own, at the bounds too.
  @Test func sigmoidAndSoftplusTogetherAreEachAlone() {
    let table = LogisticTable()
    var random = Xoshiro256StarStar(seed: 5)
    let xs = (0..<10_000).map { _ in Float(Double(random.next() >> 11) * 0x1p-53 * 40 - 20) }
    for x in xs + [-16, 16, -17, 17] {
      let (sigmoid, softplus) = table.sigmoidAndSoftplus(x)
      #expect(sigmoid == table.sigmoid(x) && softplus == table.softplus(x), "x = \(x)")
    }
    #expect(table.sigmoidAndSoftplus(.nan).softplus.isNaN)
  }
}
