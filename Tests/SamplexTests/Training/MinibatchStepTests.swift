import Foundation
@_spi(Kernels) import Samplex
import TestSupport
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

/// The model after one SGD step at `rate` of the exact loss: `reference`'s gradients applied
/// to `before`'s W and b, and each example's input gradient to the input rows it came from.
private func expectExactSGDStep(
  _ model: Model, before: (input: [Float], output: [Float], bias: [Float]),
  reference: FullSoftmax.Result, inputRows: [[Int32]], rate: Float
) {
  let d = model.dimensions
  var expectedInput = before.input
  for (example, rows) in inputRows.enumerated() {
    for id in rows {
      for k in 0..<d {
        expectedInput[Int(id) * d + k] -= rate * reference.inputGradient[example * d + k]
      }
    }
  }
  expectSameUpdate(model.input.array, expectedInput, tolerance: 1e-5, "input rows")
  expectSameUpdate(
    model.output.array, zip(before.output, reference.weightGradient).map { $0 - rate * $1 },
    tolerance: 1e-5, "output rows")
  expectSameUpdate(
    model.bias.array, zip(before.bias, reference.biasGradient).map { $0 - rate * $1 },
    tolerance: 1e-5, "biases")
}

@Suite struct MinibatchStepTests {
  /// The step's updates equal those of the reference path that `samplex conformance` checks
  /// against TensorFlow (SampledLogits → Loss.referenceEvaluate → backward), applied as SGD.
  @Test(arguments: [Loss.sampledSoftmax, .nce], [(true, 1), (false, 1), (true, 3)])
  func aSampledStepIsTheSGDStepOfTensorFlowsLoss(
    loss: Loss, setting: (unique: Bool, threads: Int)
  )
    throws
  {
    let sampler = try LogUniformSampler(rangeMax: 40)
    try expectReferenceStep(
      sampler, loss: loss, unique: setting.unique, threads: setting.threads
    ) { _, _, labels, copy in
      let draw = CandidateDraw(
        sampler, samples: 10, labels: labels, unique: setting.unique, using: &copy)
      return (draw.candidates, draw.expectedCounts, draw.trueExpectedCounts)
    }
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
    expectExactSGDStep(
      model, before: before, reference: reference, inputRows: ids.map { [$0] }, rate: rate)
  }

  /// The trainer's full softmax: a minibatch of windows is one step of the summed exact loss
  /// (per-example SGD at the same rate), the input of a CBOW example is the mean of its
  /// context rows, and each context row gets its example's input update.
  @Test(arguments: Architecture.allCases)
  func theFullSoftmaxLossTrainsAMinibatchAsTheSummedExactLoss(architecture: Architecture) {
    let (vocabulary, d) = (40, 6)
    let model = filledModel(vocabularySize: vocabulary, dimensions: d, seed: 31)
    let windows: [(centre: Int32, contexts: [Int32])] = [
      (3, [7, 1]), (9, [7, 2, 3]), (0, [39]), (3, [5, 1, 1]),
    ]
    let before = (model.input.array, model.output.array, model.bias.array)
    // The examples as the loss forms them: one per context word, or one per window.
    let examples: [(inputs: [Int32], label: Int32)] =
      architecture == .skipGram
      ? windows.flatMap { window in window.contexts.map { ([$0], window.centre) } }
      : windows.map { ($0.contexts, $0.centre) }
    var inputs: [Float] = []
    for example in examples {
      for k in 0..<d {
        var sum: Float = 0
        for id in example.inputs { sum += before.0[Int(id) * d + k] }
        inputs.append(sum / Float(example.inputs.count))
      }
    }
    let reference = inputs.withUnsafeBufferPointer { x in
      before.1.withUnsafeBufferPointer { w in
        before.2.withUnsafeBufferPointer { b in
          FullSoftmax(dimensions: d, tileSize: 16).evaluate(
            inputs: x, weights: w, biases: b, labels: examples.map(\.label), gradients: true)
        }
      }
    }
    let rate: Float = 0.05
    let loss = FullSoftmaxTrainingLoss(
      architecture: architecture, dimensions: d, vocabularySize: model.vocabularySize, batchSize: 64
    )
    var workspace = Workspace(
      dimensions: d, maxContexts: 3, maxOutputs: 1, random: Xoshiro256StarStar(seed: 1))
    let state = loss.makeState(model: model)
    loss.train(
      windows: windows, model: model, workspace: &workspace, state: state, learningRate: rate)
    // Nothing is trained before the batch is full or flushed.
    #expect(model.output.array == before.1)
    loss.flush(model: model, workspace: &workspace, state: state, learningRate: rate)
    #expect(workspace.lossCount == examples.count)
    let expectedLoss = reference.losses.reduce(0.0) { $0 + Double($1) }
    #expect(abs(workspace.lossSum - expectedLoss) <= 1e-4 * expectedLoss)
    expectExactSGDStep(
      model, before: before, reference: reference, inputRows: examples.map(\.inputs), rate: rate)
  }

  /// A batch is trained as soon as the next window would not fit in it.
  @Test func theFullSoftmaxLossTrainsWhenTheBatchIsFull() {
    let model = filledModel(vocabularySize: 10, dimensions: 4, seed: 32)
    let loss = FullSoftmaxTrainingLoss(
      architecture: .skipGram, dimensions: 4, vocabularySize: 10, batchSize: 5)
    var workspace = Workspace(
      dimensions: 4, maxContexts: 4, maxOutputs: 1, random: Xoshiro256StarStar(seed: 1))
    let state = loss.makeState(model: model)
    var trained: [Int] = []
    for contexts: [Int32] in [[1, 2], [3, 4], [5, 6, 7], [8]] {
      contexts.withUnsafeBufferPointer {
        loss.train(
          centre: 0, contexts: $0, model: model, workspace: &workspace, state: state,
          learningRate: 0.1)
      }
      trained.append(workspace.lossCount)
    }
    // 2 + 2 pending; 3 more would make 7 > 5, so the 4 are trained first; then 3 + 1 pending.
    #expect(trained == [0, 0, 4, 4])
    #expect(state.pending.count == 4)
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

  /// With a proposal that follows the model, the step gathers the batch's inputs before the
  /// draw and hands them to it: its updates are the reference path's with the candidates and
  /// expected counts that the proposal draws, from a copy of the generator, for those inputs.
  @Test(arguments: ["midx", "resample"], [1, 3])
  func aStepWithAProposalThatFollowsTheModelIsTheSGDStepOfItsDraw(proposal: String, threads: Int)
    throws
  {
    if proposal == "midx" {
      try expectStepOfItsDraw(
        InvertedMultiIndexSampler(rangeMax: 40, codewords: 4, rebuildEvery: 3), threads: threads)
    } else {
      let base = try UnigramSampler(counts: (0..<40).map { 100 / Double($0 + 1) })
      try expectStepOfItsDraw(ImportanceResampler(base: base, pool: 30), threads: threads)
    }
  }

  private func expectStepOfItsDraw<Proposal: BatchProposal>(_ proposal: Proposal, threads: Int)
    throws
  {
    try expectReferenceStep(proposal, loss: .sampledSoftmax, unique: true, threads: threads) {
      model, inputs, labels, copy in
      var draw = proposal.makeDraw(batch: labels.count, samples: 10, dimensions: model.dimensions)
      var candidates = [Int32](repeating: 0, count: 10)
      var counts = [Float](repeating: 0, count: 10)
      var trueCounts = [Float](repeating: 0, count: labels.count)
      inputs.withUnsafeBufferPointer { x in
        candidates.withUnsafeMutableBufferPointer { c in
          counts.withUnsafeMutableBufferPointer { e in
            labels.withUnsafeBufferPointer { l in
              trueCounts.withUnsafeMutableBufferPointer { t in
                _ = draw.sample(
                  into: c, expectedCounts: e, trueClasses: l, trueExpectedCounts: t, unique: true,
                  queries: BatchQueries(
                    rows: x.baseAddress!, count: l.count, dimensions: model.dimensions),
                  model: model, using: &copy)
              }
            }
          }
        }
      }
      #expect(Set(candidates).count == 10)
      return (candidates, counts, trueCounts)
    }
  }

  /// One step over 12 examples of 40 words with 10 candidates from `proposal` against the
  /// reference path on the candidates and expected counts that `referenceDraw` draws from a
  /// copy of the step's generator (given the model, the batch's inputs X and its labels).
  private func expectReferenceStep<Proposal: BatchProposal>(
    _ proposal: Proposal, loss: Loss, unique: Bool, threads: Int,
    referenceDraw: (Model, [Float], [Int32], inout Xoshiro256StarStar) -> (
      candidates: [Int32], counts: [Float], trueCounts: [Float]
    )
  ) throws {
    let (vocabulary, d, batch, samples) = (40, 8, 12, 10)
    let model = filledModel(vocabularySize: vocabulary, dimensions: d, seed: 5)
    let ids = skewedIDs(count: batch, below: vocabulary, seed: 6)
    let labels = skewedIDs(count: batch, below: 8, seed: 7)
    let before = (model.input.array, model.output.array, model.bias.array)
    let inputs = ids.flatMap { id in before.0[(Int(id) * d)..<(Int(id) * d + d)] }
    var random = Xoshiro256StarStar(seed: 11)
    var copy = random
    let (candidates, counts, trueCounts) = referenceDraw(model, inputs, labels, &copy)
    let logits = SampledLogits(
      inputs: inputs, weights: before.1, biases: before.2, dimensions: d, labels: labels,
      numTrue: 1, sampled: candidates, trueExpectedCounts: trueCounts,
      sampledExpectedCounts: counts, removeAccidentalHits: loss.removesAccidentalHitsByDefault,
      subtractLogQ: true)
    let (losses, logitGradient) = loss.referenceEvaluate(
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
      sampler: proposal, objective: loss, batch: batch, samples: samples, dimensions: d,
      unique: unique, threads: threads)
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
}
