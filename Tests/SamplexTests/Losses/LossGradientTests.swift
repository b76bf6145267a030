import Foundation
import Samplex
import Testing

/// Central finite differences of a Float function: with h = 1e-2 on inputs of order 1, the
/// truncation error (h²/6 · f‴ ≲ 2e-5) and the rounding error (ε·|f|/h ≲ 6e-5 for |f| ≤ 10) stay
/// below the 5e-4 the tests allow, while a wrong sign or a missing factor is off by far more.
func numericalGradient(_ f: ([Float]) -> Float, at point: [Float], h: Float = 1e-2) -> [Float] {
  point.indices.map { index in
    var plus = point
    var minus = point
    plus[index] += h
    minus[index] -= h
    return (f(plus) - f(minus)) / (2 * h)
  }
}

func expectClose(_ got: [Float], _ want: [Float], tolerance: Float = 5e-4, _ what: String) {
  #expect(got.count == want.count, "\(what): sizes")
  for (index, (a, b)) in zip(got, want).enumerated() {
    #expect(
      abs(a - b) <= tolerance * max(1, abs(b)), "\(what)[\(index)]: analytic \(a), numerical \(b)")
  }
}

func randomValues(_ count: Int, scale: Float = 2, seed: UInt64) -> [Float] {
  var random = Xoshiro256StarStar(seed: seed)
  return (0..<count).map { _ in Float.random(in: -scale...scale, using: &random) }
}

@Suite struct LossGradientTests {
  let upstream: [Float] = [0.7, 1.3, 0.9, 1.1, 0.6, 1.4]

  @Test func sigmoidCrossEntropy() {
    let logits = randomValues(6, seed: 1)
    let labels = randomValues(6, scale: 1, seed: 2).map { abs($0) }
    let result = SigmoidCrossEntropy.evaluate(logits: logits, labels: labels, upstream: upstream)
    func total(_ x: [Float], _ z: [Float]) -> Float {
      SigmoidCrossEntropy.evaluate(logits: x, labels: z, upstream: upstream).loss.enumerated()
        .reduce(0) { $0 + upstream[$1.offset] * $1.element }
    }
    expectClose(
      result.logitGradient, numericalGradient({ total($0, labels) }, at: logits), "logits")
    expectClose(
      result.labelGradient, numericalGradient({ total(logits, $0) }, at: labels), "labels")
  }

  @Test func weightedSigmoidCrossEntropy() {
    // Away from the kink at 0.
    let logits = randomValues(6, seed: 3).map { abs($0) < 0.05 ? 0.5 : $0 }
    let labels = randomValues(6, scale: 1, seed: 4).map { abs($0) }
    let weights: [Float] = [0.5, 3]
    func total(_ x: [Float], _ z: [Float], _ q: [Float]) -> Float {
      WeightedSigmoidCrossEntropy.evaluate(
        logits: x, labels: z, positiveWeights: q, upstream: upstream
      )
      .0.loss.enumerated().reduce(0) { $0 + upstream[$1.offset] * $1.element }
    }
    let (result, weightGradient) = WeightedSigmoidCrossEntropy.evaluate(
      logits: logits, labels: labels, positiveWeights: weights, upstream: upstream)
    expectClose(
      result.logitGradient, numericalGradient({ total($0, labels, weights) }, at: logits), "logits")
    expectClose(
      result.labelGradient, numericalGradient({ total(logits, $0, weights) }, at: labels), "labels")
    expectClose(
      weightGradient, numericalGradient({ total(logits, labels, $0) }, at: weights), "pos_weight")
  }

  @Test func softmaxCrossEntropyAlongAnInnerAxis() {
    // Shape (2, 3, 2), softmax along axis 1: 4 rows of 3 classes.
    let logits = randomValues(12, seed: 5)
    var labels = randomValues(12, scale: 1, seed: 6).map { abs($0) }
    labels[0] = 0.2
    let layout = AxisLayout(shape: [2, 3, 2], axis: 1)
    let rowUpstream = Array(upstream.prefix(4))
    func total(_ x: [Float], _ z: [Float]) -> Float {
      SoftmaxCrossEntropy.evaluate(logits: x, labels: z, layout: layout, upstream: rowUpstream).loss
        .enumerated().reduce(0) { $0 + rowUpstream[$1.offset] * $1.element }
    }
    let result = SoftmaxCrossEntropy.evaluate(
      logits: logits, labels: labels, layout: layout, upstream: rowUpstream)
    expectClose(
      result.labelGradient, numericalGradient({ total(logits, $0) }, at: labels), "labels")
    // With normalised labels the kernel's softmax − z is the true derivative.
    var normalised = labels
    for row in 0..<layout.rows {
      let sum = (0..<3).reduce(Float(0)) { $0 + labels[layout.index(row: row, class: $1)] }
      for c in 0..<3 { normalised[layout.index(row: row, class: c)] /= sum }
    }
    let exact = SoftmaxCrossEntropy.evaluate(
      logits: logits, labels: normalised, layout: layout, upstream: rowUpstream)
    expectClose(
      exact.logitGradient, numericalGradient({ total($0, normalised) }, at: logits), "logits")
  }

  @Test func sparseSoftmaxCrossEntropy() {
    let logits = randomValues(12, seed: 7)
    let labels: [Int32] = [2, 0, 3]
    let rowUpstream = Array(upstream.prefix(3))
    func total(_ x: [Float]) -> Float {
      SparseSoftmaxCrossEntropy.evaluate(
        logits: x, labels: labels, classes: 4, upstream: rowUpstream
      ).loss
        .enumerated().reduce(0) { $0 + rowUpstream[$1.offset] * $1.element }
    }
    let result = SparseSoftmaxCrossEntropy.evaluate(
      logits: logits, labels: labels, classes: 4, upstream: rowUpstream)
    expectClose(result.logitGradient, numericalGradient(total, at: logits), "logits")
  }

  @Test(arguments: Reduction.allCases)
  func legacyReductions(reduction: Reduction) {
    let logits = randomValues(12, seed: 8)
    let labels: [Int32] = [1, 0, 3]
    let weights: [Float] = [0.5, 0, 1.5]
    let rowUpstream: [Float] = reduction == .none ? [0.7, 1.3, 0.9] : [1]
    func total(_ x: [Float], _ w: [Float]) -> Float {
      LegacyLosses.sparseSoftmax(
        logits: x, labels: labels, classes: 4, weights: w, weightShape: [3], reduction: reduction,
        upstream: rowUpstream
      ).loss.enumerated().reduce(0) { $0 + rowUpstream[$1.offset] * $1.element }
    }
    let result = LegacyLosses.sparseSoftmax(
      logits: logits, labels: labels, classes: 4, weights: weights, weightShape: [3],
      reduction: reduction,
      upstream: rowUpstream)
    expectClose(
      result.logitGradient, numericalGradient({ total($0, weights) }, at: logits), "logits")
    // SUM_BY_NONZERO_WEIGHTS counts nonzero weights: moving the zero weight changes the count,
    // so its numerical derivative does not exist there.
    let weightIndices = reduction == .sumByNonzeroWeights ? [0, 2] : [0, 1, 2]
    let numerical = numericalGradient({ total(logits, $0) }, at: weights, h: 1e-3)
    expectClose(
      weightIndices.map { result.weightGradient[$0] }, weightIndices.map { numerical[$0] },
      "weights")
  }

  @Test(arguments: [Loss.sampledSoftmax, .nce])
  func sampledLosses(loss: Loss) {
    let (batch, dimensions, classes) = (3, 4, 6)
    let inputs = randomValues(batch * dimensions, scale: 1, seed: 9)
    let weights = randomValues(classes * dimensions, scale: 1, seed: 10)
    let biases = randomValues(classes, scale: 0.3, seed: 11)
    let labels: [Int32] = [1, 4, 1]
    // Candidate 1 is drawn twice and is row 0's and row 2's label: its last copy is masked.
    let sampled: [Int32] = [1, 0, 1, 5]
    let trueCounts: [Float] = [0.5, 0.2, 0.5]
    let sampledCounts: [Float] = [0.5, 0.9, 0.5, 0.1]
    let rowUpstream = Array(upstream.prefix(batch))
    func logits(_ x: [Float], _ w: [Float], _ b: [Float]) -> SampledLogits {
      SampledLogits(
        inputs: x, weights: w, biases: b, dimensions: dimensions, labels: labels, numTrue: 1,
        sampled: sampled, trueExpectedCounts: trueCounts, sampledExpectedCounts: sampledCounts,
        removeAccidentalHits: true, subtractLogQ: true)
    }
    func total(_ x: [Float], _ w: [Float], _ b: [Float]) -> Float {
      loss.referenceEvaluate(logits(x, w, b), upstream: rowUpstream).loss.enumerated()
        .reduce(0) { $0 + rowUpstream[$1.offset] * $1.element }
    }
    let computed = logits(inputs, weights, biases)
    // Rows of 5 columns [true | 1, 0, 1, 5]: position 2 of rows 0 and 2 (flat 3 and 13).
    #expect(computed.masked.indices.filter { computed.masked[$0] } == [3, 13])
    let (_, logitGradient) = loss.referenceEvaluate(computed, upstream: rowUpstream)
    let gradients = computed.backward(
      logitGradient: logitGradient, inputs: inputs, weights: weights, labels: labels,
      sampled: sampled,
      vocabularySize: classes)
    expectClose(
      gradients.inputs, numericalGradient({ total($0, weights, biases) }, at: inputs), "inputs")
    expectClose(
      gradients.weights, numericalGradient({ total(inputs, $0, biases) }, at: weights), "weights")
    expectClose(
      gradients.biases, numericalGradient({ total(inputs, weights, $0) }, at: biases), "biases")
  }

  @Test func extremeLogitsGiveFiniteLossesAndGradients() {
    let logits: [Float] = [1e4, -1e4, 88, -88, 0, 1e-3, -1e-3, 100]
    let labels: [Float] = [0, 1, 1, 0, 0.5, 1, 0, 0.25]
    let ones = [Float](repeating: 1, count: logits.count)
    let sigmoid = SigmoidCrossEntropy.evaluate(logits: logits, labels: labels, upstream: ones)
    // loss(1e4, 0) = 1e4 and loss(−1e4, 1) = 1e4 exactly: max(x,0) − x·z, and log1p(e^−1e4) = 0.
    #expect(sigmoid.loss[0] == 1e4 && sigmoid.loss[1] == 1e4)
    #expect(abs(sigmoid.loss[4] - 0.693_147_2) < 1e-6)  // log 2
    let (weighted, _) = WeightedSigmoidCrossEntropy.evaluate(
      logits: logits, labels: labels, positiveWeights: [2.5], upstream: ones)
    let softmax = SoftmaxCrossEntropy.evaluate(
      logits: logits, labels: labels, layout: AxisLayout(outer: 2, classes: 4, inner: 1),
      upstream: [1, 1])
    let sparse = SparseSoftmaxCrossEntropy.evaluate(
      logits: logits, labels: [1, 3], classes: 4, upstream: [1, 1])
    // Row 0 of the sparse case: logsumexp(1e4, −1e4, 88, −88) − (−1e4) = 2e4.
    #expect(sparse.loss[0] == 2e4)
    for values in [
      sigmoid.loss, sigmoid.logitGradient, weighted.loss, weighted.logitGradient, softmax.loss,
      softmax.logitGradient, sparse.loss, sparse.logitGradient,
    ] {
      #expect(values.allSatisfy { $0.isFinite })
    }
  }

  @Test func oneAndTwoClassesAndMoreSamplesThanClasses() {
    // V = 1: the only class is every label and every sample; softmax over [true | masked].
    let one = SampledLogits(
      inputs: [1, 2], weights: [0.5, -0.5], biases: [0.1], dimensions: 2, labels: [0], numTrue: 1,
      sampled: [0, 0, 0], trueExpectedCounts: [3], sampledExpectedCounts: [3, 3, 3],
      removeAccidentalHits: true, subtractLogQ: true)
    // Only the last copy of the repeated candidate is masked, as TensorFlow does.
    #expect(one.masked == [false, false, false, true])
    let (loss, gradient) = Loss.sampledSoftmax.referenceEvaluate(one, upstream: [1])
    // Three columns hold the same logit: the true one gets 1/3 of the softmax.
    #expect(abs(loss[0] - log(Float(3))) < 1e-6)
    #expect(gradient.allSatisfy { $0.isFinite })
    // V = 2 with S = 4 > V, with replacement: the expected counts exceed 1.
    let two = SampledLogits(
      inputs: [1], weights: [1, -1], biases: [0, 0], dimensions: 1, labels: [1], numTrue: 1,
      sampled: [0, 1, 0, 0], trueExpectedCounts: [2], sampledExpectedCounts: [2, 2, 2, 2],
      removeAccidentalHits: true, subtractLogQ: true)
    #expect(two.masked == [false, false, true, false, false])
    #expect(two.logits[0] == -1 - log(2))
  }
}
