import Foundation
import Samplex
import Testing

@Suite struct RowKernelTests {
  /// Values spread over ±30 (and one huge negative, as a masked logit), 1003 of them: the
  /// eight-lane loops and their scalar tails.
  static let values: [Float] =
    (0..<1003).map { Float(($0 * 7919) % 6001) / 100 - 30 } + [
      -Float.greatestFiniteMagnitude
    ]

  @Test func reductionsMatchDouble() {
    var row = Self.values
    let maximum = Kernels.maximum(row, count: row.count)
    #expect(maximum == Self.values.max())
    let sum = row.withUnsafeMutableBufferPointer {
      Kernels.exponentiate($0.baseAddress!, count: $0.count, shift: maximum)
    }
    let exact = Self.values.reduce(0.0) { $0 + Foundation.exp(Double($1) - Double(maximum)) }
    #expect(abs(Double(sum) - exact) / exact < 1e-5)
    #expect(abs(Double(row[17]) - Foundation.exp(Double(Self.values[17] - maximum))) < 1e-6)
    #expect(row.last == 0)
  }

  @Test func noiseSigmoidIsTheLabelZeroCrossEntropy() {
    var row = Self.values
    let loss = row.withUnsafeMutableBufferPointer {
      Kernels.noiseSigmoid($0.baseAddress!, count: $0.count, factor: 0.5)
    }
    // Σ log(1 + e^x), in Double; −FLT_MAX contributes 0.
    let exact = Self.values.reduce(0.0) {
      $0 + max(Double($1), 0) + Foundation.log1p(Foundation.exp(-abs(Double($1))))
    }
    #expect(abs(loss - exact) / exact < 1e-5)
    for (got, x) in zip(row, Self.values) {
      #expect(abs(Double(got) - 0.5 / (1 + Foundation.exp(-Double(x)))) < 1e-6)
    }
  }
}
