@_spi(Kernels) import Samplex
import Testing

@Suite struct RowKernelsTests {
  /// Values spread over ±30 (and one huge negative, as a masked logit), 1003 of them: the
  /// eight-lane loops and their scalar tails.
  static let values: [Float] =
    (0..<1003).map { Float(($0 * 7919) % 6001) / 100 - 30 } + [
      -Float.greatestFiniteMagnitude
    ]

  /// The fused passes are their references bit for bit: the same operation on each element
  /// (x + b, x·f, sum + x), the tails past the last full SIMD step included.
  @Test(arguments: [0, 1, 7, 8, 9, 100, 1003])
  func fusedPassesAreTheReferences(count: Int) {
    let logits = randomValues(count, scale: 20, seed: 3)
    let biases = randomValues(count, scale: 5, seed: 4)
    let running = randomValues(count, scale: 1, seed: 5)
    var fast = logits
    var reference = logits
    let fastMaximum = Kernels.addAndMaximum(biases, &fast, count: count)
    let referenceMaximum = Kernels.addAndMaximumReference(biases, &reference, count: count)
    #expect(fast == reference)
    #expect(fastMaximum == referenceMaximum)
    var fastSum = running
    var referenceSum = running
    Kernels.scaleAndAccumulate(&fast, by: 0.37, into: &fastSum, count: count)
    Kernels.scaleAndAccumulateReference(&reference, by: 0.37, into: &referenceSum, count: count)
    #expect(fast == reference)
    #expect(fastSum == referenceSum)
  }

  /// The vector exponential is within 3e-7 of libm's on values ≤ 1 (its relative error is
  /// below 2e-7, libm's half an ulp), and the sums, one in eight float lanes and one in Double,
  /// within 1e-5 of each other.
  @Test func exponentiateIsTheReference() {
    var fast = Self.values
    var reference = Self.values
    let maximum = Kernels.maximum(fast, count: fast.count)
    #expect(maximum == Self.values.max())
    let fastSum = Kernels.exponentiate(&fast, count: fast.count, shift: maximum)
    let referenceSum = Kernels.exponentiateReference(&reference, count: fast.count, shift: maximum)
    #expect(abs(fastSum - referenceSum) / referenceSum < 1e-5)
    expectAgreement([fast], [reference], within: 3e-7, "exponentiate")
    #expect(fast.last == 0)
  }

  /// The noise classes' gradients within 1e-6 of the reference's, and the losses within 1e-5
  /// relative; −FLT_MAX contributes 0 to the loss.
  @Test func noiseSigmoidIsTheReference() {
    var fast = Self.values
    var reference = Self.values
    let fastLoss = Kernels.noiseSigmoid(&fast, count: fast.count, factor: 0.5)
    let referenceLoss = Kernels.noiseSigmoidReference(
      &reference, count: reference.count, factor: 0.5)
    #expect(abs(fastLoss - referenceLoss) / referenceLoss < 1e-5)
    expectAgreement([fast], [reference], within: 1e-6, "noiseSigmoid")
  }

  /// The references are the formulas: (3, −5) + (1, 2) = (4, −3), largest 4; e^(1 − 1) = 1
  /// twice, sum 2; (2, −4)·0.5 = (1, −2) added to (1, 1) gives (2, −1); 2·σ(0) = 1 with loss
  /// log 2.
  @Test func theReferencesAreTheFormulas() {
    var x: [Float] = [3, -5]
    #expect(Kernels.addAndMaximumReference([1, 2], &x, count: 2) == 4)
    #expect(x == [4, -3])
    var ones: [Float] = [1, 1]
    #expect(Kernels.exponentiateReference(&ones, count: 2, shift: 1) == 2)
    #expect(ones == [1, 1])
    var scaled: [Float] = [2, -4]
    var sum: [Float] = [1, 1]
    Kernels.scaleAndAccumulateReference(&scaled, by: 0.5, into: &sum, count: 2)
    #expect(scaled == [1, -2])
    #expect(sum == [2, -1])
    var logit: [Float] = [0]
    let loss = Kernels.noiseSigmoidReference(&logit, count: 1, factor: 2)
    #expect(logit == [1])
    #expect(abs(loss - 0.693_147_180_559_945_3) < 1e-15)
  }
}
