import Foundation
import Samplex
import Testing

/// A model with non-zero output rows and biases, so every term of the gradients matters.
private func filledModel(vocabularySize: Int, dimensions: Int, seed: UInt64) -> Model {
  let model = Model(vocabularySize: vocabularySize, dimensions: dimensions, seed: seed)
  model.output.fillUniform(scale: 0.8, seed: seed &+ 1)
  model.bias.fillUniform(scale: 0.5, seed: seed &+ 2)
  model.input.fillUniform(scale: 0.8, seed: seed &+ 3)
  return model
}

/// Ids with repeats and a bias towards the frequent end, where accidental hits happen.
private func skewedIDs(count: Int, below limit: Int, seed: UInt64) -> [Int32] {
  var random = Xoshiro256StarStar(seed: seed)
  return (0..<count).map { _ in
    Int32(min(random.next(below: limit), random.next(below: limit)))
  }
}

private func expectSameUpdate(_ a: [Float], _ b: [Float], tolerance: Float, _ what: String) {
  #expect(a.count == b.count)
  let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
  #expect(worst <= tolerance, "\(what): worst relative difference \(worst)")
}

@Suite struct MinibatchStepTests {
  /// The step's updates equal those of the reference path that `samplex conformance` checks
  /// against TensorFlow (SampledLogits → SampledLoss → backward), applied as SGD.
  @Test(arguments: [SampledLoss.sampledSoftmax, .nce], [(true, 1), (false, 1), (true, 3)])
  func aSampledStepIsTheSGDStepOfTensorFlowsLoss(
    loss: SampledLoss, setting: (unique: Bool, threads: Int)
  )
    throws
  {
    let unique = setting.unique
    let (vocabulary, d, batch, samples) = (40, 8, 12, 10)
    let sampler = try LogUniformSampler(rangeMax: vocabulary)
    let model = filledModel(vocabularySize: vocabulary, dimensions: d, seed: 5)
    let ids = skewedIDs(count: batch, below: vocabulary, seed: 6)
    let labels = skewedIDs(count: batch, below: 8, seed: 7)
    let before = (model.input.array, model.output.array, model.bias.array)
    // The reference draws the same candidates from a copy of the generator.
    var random = Xoshiro256StarStar(seed: 11)
    var copy = random
    var candidates = [Int32](repeating: 0, count: samples)
    var counts = [Float](repeating: 0, count: samples)
    var trueCounts = [Float](repeating: 0, count: batch)
    candidates.withUnsafeMutableBufferPointer { c in
      counts.withUnsafeMutableBufferPointer { q in
        trueCounts.withUnsafeMutableBufferPointer { tq in
          labels.withUnsafeBufferPointer { l in
            _ = sampler.sample(
              into: c, expectedCounts: q, trueClasses: l, trueExpectedCounts: tq, unique: unique,
              using: &copy)
          }
        }
      }
    }
    let inputs = ids.flatMap { id in before.0[(Int(id) * d)..<(Int(id) * d + d)] }
    let logits = SampledLogits(
      inputs: inputs, weights: before.1, biases: before.2, dimensions: d, labels: labels,
      numTrue: 1, sampled: candidates, trueExpectedCounts: trueCounts,
      sampledExpectedCounts: counts, removeAccidentalHits: loss.removesAccidentalHitsByDefault,
      subtractLogQ: true)
    let (losses, logitGradient) = loss.evaluate(
      logits, upstream: [Float](repeating: 1 / Float(batch), count: batch))
    let gradients = logits.backward(
      logitGradient: logitGradient, inputs: inputs, weights: before.1, labels: labels,
      sampled: candidates, vocabularySize: vocabulary)
    let rate: Float = 0.05
    var expectedInput = before.0
    for (row, id) in ids.enumerated() {
      for k in 0..<d { expectedInput[Int(id) * d + k] -= rate * gradients.inputs[row * d + k] }
    }
    let step = try MinibatchSampledStep(
      sampler: sampler, loss: loss, batch: batch, samples: samples, dimensions: d, unique: unique,
      threads: setting.threads)
    let meanLoss = ids.withUnsafeBufferPointer { i in
      labels.withUnsafeBufferPointer { l in
        step.step(ids: i, labels: l, model: model, learningRate: rate, random: &random)
      }
    }
    let expectedLoss = losses.reduce(0, +) / Float(batch)
    #expect(abs(Float(meanLoss) - expectedLoss) <= 1e-5 * max(1, expectedLoss))
    expectSameUpdate(model.input.array, expectedInput, tolerance: 1e-5, "input rows")
    expectSameUpdate(
      model.output.array, zip(before.1, gradients.weights).map { $0 - rate * $1 }, tolerance: 1e-5,
      "output rows")
    expectSameUpdate(
      model.bias.array, zip(before.2, gradients.biases).map { $0 - rate * $1 }, tolerance: 1e-5,
      "biases")
  }

  /// The blocked full-softmax step equals the tiled full softmax's gradients applied as SGD,
  /// whatever the block size.
  @Test(arguments: [1, 5, 16])
  func aFullSoftmaxStepIsTheSGDStepOfTheExactLoss(blockRows: Int) {
    let (vocabulary, d, batch) = (300, 8, 16)
    let model = filledModel(vocabularySize: vocabulary, dimensions: d, seed: 21)
    let ids = skewedIDs(count: batch, below: vocabulary, seed: 22)
    let labels = skewedIDs(count: batch, below: vocabulary, seed: 23)
    let before = (model.input.array, model.output.array, model.bias.array)
    let inputs = ids.flatMap { id in before.0[(Int(id) * d)..<(Int(id) * d + d)] }
    let reference = inputs.withUnsafeBufferPointer { x in
      before.1.withUnsafeBufferPointer { w in
        before.2.withUnsafeBufferPointer { b in
          FullSoftmax(dimensions: d, tileSize: 64).evaluate(
            inputs: x, weights: w, biases: b, labels: labels,
            upstream: [Float](repeating: 1 / Float(batch), count: batch), gradients: true)
        }
      }
    }
    let rate: Float = 0.1
    let step = FullSoftmaxStep(
      batch: batch, dimensions: d, classes: vocabulary, blockRows: blockRows, threads: 2)
    let meanLoss = ids.withUnsafeBufferPointer { i in
      labels.withUnsafeBufferPointer { l in
        step.step(ids: i, labels: l, model: model, learningRate: rate)
      }
    }
    let expectedLoss = reference.losses.reduce(0, +) / Float(batch)
    #expect(abs(Float(meanLoss) - expectedLoss) <= 1e-5 * max(1, expectedLoss))
    var expectedInput = before.0
    for (row, id) in ids.enumerated() {
      for k in 0..<d {
        expectedInput[Int(id) * d + k] -= rate * reference.inputGradient[row * d + k]
      }
    }
    expectSameUpdate(model.input.array, expectedInput, tolerance: 1e-5, "input rows")
    expectSameUpdate(
      model.output.array, zip(before.1, reference.weightGradient).map { $0 - rate * $1 },
      tolerance: 1e-5, "output rows")
    expectSameUpdate(
      model.bias.array, zip(before.2, reference.biasGradient).map { $0 - rate * $1 },
      tolerance: 1e-5, "biases")
  }

  /// The vector exponential against Double `exp` over the range softmax uses.
  @Test func theVectorExponentialIsAccurate() {
    var worst: Double = 0
    var x: Float = -87
    while x < 88 {
      var lanes = SIMD8<Float>()
      for lane in 0..<8 { lanes[lane] = x + Float(lane) * 0.0137 }
      let result = Kernels.exp(lanes)
      for lane in 0..<8 {
        let exact = Foundation.exp(Double(lanes[lane]))
        worst = max(worst, abs(Double(result[lane]) - exact) / exact)
      }
      x += 0.1097
    }
    #expect(worst < 3e-7, "worst relative error \(worst)")
    let tiny = Kernels.exp(SIMD8(repeating: -Float.greatestFiniteMagnitude))
    #expect(tiny == SIMD8(repeating: 0))
  }
}

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
