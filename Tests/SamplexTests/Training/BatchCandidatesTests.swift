import Foundation
import Samplex
import TestSupport
import Testing

/// Windows of skip-gram and CBOW examples over 30 words, with a repeated context word and a
/// centre that comes back, so that rows are touched several times in one batch.
private let windows: [(centre: Int32, contexts: [Int32])] = [
  (3, [7, 1]), (9, [7, 2, 3]), (0, [29]), (3, [5, 1, 1]), (12, [0, 4]),
]

private func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
  #expect(a.count == b.count)
  let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
  #expect(worst <= 1e-5, "\(what): worst relative difference \(worst)")
}

@Suite struct BatchCandidatesTests {
  /// A batch of windows is one SGD step of the summed loss over its examples, with candidates
  /// drawn once for all of them: the updates equal the reference path's (SampledLogits →
  /// Loss.referenceEvaluate → backward, which `samplex conformance` checks against TensorFlow) with an
  /// upstream gradient of 1 per example, at the loss's rates of the input and output tables. A
  /// CBOW example's input is the mean of its context rows, and each context row takes the
  /// example's whole input update. Negative sampling has neither biases nor the log expected
  /// count, and leaves the biases alone.
  @Test(arguments: Loss.allCases.filter(\.drawsCandidates), Architecture.allCases)
  func aBatchIsTheSGDStepOfTheSummedLoss(objective: Loss, architecture: Architecture)
    throws
  {
    let (vocabularySize, d, samples) = (30, 6, 8)
    let sampler = try LogUniformSampler(rangeMax: vocabularySize)
    let model = Model(vocabularySize: vocabularySize, dimensions: d, seed: 5)
    model.input.fillUniform(scale: 0.8, seed: 6)
    model.output.fillUniform(scale: 0.8, seed: 7)
    model.bias.fillUniform(scale: 0.5, seed: 8)
    let before = (input: model.input.array, output: model.output.array, bias: model.bias.array)
    let examples: [(inputs: [Int32], label: Int32)] =
      architecture == .skipGram
      ? windows.flatMap { window in window.contexts.map { ([$0], window.centre) } }
      : windows.map { ($0.contexts, $0.centre) }
    let labels = examples.map(\.label)
    // The candidates and expected counts the loss will draw, from a copy of its generator.
    let seed: UInt64 = 17
    var copy = Xoshiro256StarStar(seed: seed)
    let draw = CandidateDraw(sampler, samples: samples, labels: labels, unique: true, using: &copy)
    let (candidates, counts, trueCounts) = (
      draw.candidates, draw.expectedCounts, draw.trueExpectedCounts
    )
    // The draw includes a true class, so the accidental-hit masking is exercised.
    #expect(candidates.contains(where: labels.contains))
    var inputs: [Float] = []
    for example in examples {
      for k in 0..<d {
        let sum = example.inputs.reduce(Float(0)) { $0 + before.input[Int($1) * d + k] }
        inputs.append(sum / Float(example.inputs.count))
      }
    }
    let corrects = objective.correctsLogits
    let logits = SampledLogits(
      inputs: inputs, weights: before.output,
      biases: corrects ? before.bias : [Float](repeating: 0, count: vocabularySize),
      dimensions: d, labels: labels, numTrue: 1, sampled: candidates,
      trueExpectedCounts: trueCounts, sampledExpectedCounts: counts,
      removeAccidentalHits: objective != .nce, subtractLogQ: corrects)
    let (losses, logitGradient) = objective.referenceEvaluate(
      logits, upstream: [Float](repeating: 1, count: labels.count))
    let gradients = logits.backward(
      logitGradient: logitGradient, inputs: inputs, weights: before.output, labels: labels,
      sampled: candidates, vocabularySize: vocabularySize)

    let rate: Float = 0.05
    let loss = try BatchSampledLoss(
      sampler: sampler, objective: objective, architecture: architecture, samples: samples,
      batchSize: 64)
    var workspace = Workspace(
      dimensions: d, maxContexts: 3, maxOutputs: 1, random: Xoshiro256StarStar(seed: seed))
    let state = loss.makeState(model: model)
    loss.train(
      windows: windows, model: model, workspace: &workspace, state: state, learningRate: rate)
    // Nothing is trained before the batch is full or flushed.
    #expect(model.output.array == before.output)
    loss.flush(model: model, workspace: &workspace, state: state, learningRate: rate)
    #expect(state.pending.isEmpty)
    #expect(workspace.lossCount == examples.count)
    let expectedLoss = losses.reduce(0.0) { $0 + Double($1) }
    #expect(abs(workspace.lossSum - expectedLoss) <= 1e-5 * max(1, expectedLoss))
    let (inputRate, outputRate) = (rate * loss.inputRateFactor, rate * loss.outputRateFactor)
    var expectedInput = before.input
    for (example, rows) in examples.map(\.inputs).enumerated() {
      for id in rows {
        for k in 0..<d {
          expectedInput[Int(id) * d + k] -= inputRate * gradients.inputs[example * d + k]
        }
      }
    }
    expectClose(model.input.array, expectedInput, "input rows")
    expectClose(
      model.output.array, zip(before.output, gradients.weights).map { $0 - outputRate * $1 },
      "output rows")
    if corrects {
      expectClose(
        model.bias.array, zip(before.bias, gradients.biases).map { $0 - outputRate * $1 },
        "biases")
    } else {
      #expect(model.bias.array == before.bias)
    }
    #expect(model.input.array != before.input)
  }

  /// The rates of a batch's shared rows: the sampled softmax and NCE train at the per-example
  /// rate up to 256 examples a batch, negative sampling up to 16, and larger batches take their
  /// output tables' steps scaled down to that many examples' worth; the logistic losses' input
  /// rows, summing over every candidate, take theirs scaled to 64 logits' worth.
  @Test func sharedRowsTakeBoundedSteps() throws {
    let sampler = try UniformSampler(rangeMax: 5000)
    func factors(_ objective: Loss, samples: Int, batch: Int) throws -> [Float] {
      let loss = try BatchSampledLoss(
        sampler: sampler, objective: objective, architecture: .skipGram, samples: samples,
        batchSize: batch)
      return [loss.inputRateFactor, loss.outputRateFactor]
    }
    #expect(try factors(.sampledSoftmax, samples: 1024, batch: 256) == [1, 1])
    #expect(try factors(.sampledSoftmax, samples: 64, batch: 1024) == [1, 0.25])
    #expect(try factors(.nce, samples: 63, batch: 16) == [1, 1])
    #expect(try factors(.nce, samples: 1023, batch: 1024) == [0.0625, 0.25])
    #expect(try factors(.negativeSampling, samples: 63, batch: 1024) == [1, 0.015625])
    #expect(try factors(.negativeSampling, samples: 255, batch: 256) == [0.25, 0.0625])
  }

  /// Unless told, a run shares candidates per minibatch for the sampled softmax and NCE from 64
  /// candidates up and per window otherwise; what it was told wins.
  @Test func sampledSoftmaxAndNCEShareCandidatesByAMinibatchFrom64Up() {
    var options = TrainingOptions()
    #expect(options.candidateSharing == .perWindow)
    options.loss = .sampledSoftmax
    options.samples = 63
    #expect(options.candidateSharing == .perWindow)
    options.samples = 64
    #expect(options.candidateSharing == .perBatch)
    options.loss = .nce
    #expect(options.candidateSharing == .perBatch)
    options.samples = 63
    #expect(options.candidateSharing == .perWindow)
    options.loss = .negativeSampling
    options.samples = 1024
    #expect(options.candidateSharing == .perWindow)
    options.loss = .sampledSoftmax
    options.samples = 64
    options.candidateSharing = .perWindow
    #expect(options.candidateSharing == .perWindow)
    options.samples = 5
    options.candidateSharing = .perBatch
    #expect(options.candidateSharing == .perBatch)
  }

  /// The summed step with CBOW's input groups and rates below 1 gives the same updates (to
  /// rounding: the parts sum the candidates' gradients in another order) whether one thread or
  /// three share the batch (each thread its rows' logits, the updates split by row id).
  @Test(arguments: Loss.allCases.filter(\.drawsCandidates))
  func threadsShareTheSummedStep(objective: Loss) throws {
    let (vocabularySize, d, samples) = (200, 8, 70)
    let sampler = try LogUniformSampler(rangeMax: vocabularySize)
    let inputs: [Int32] = [3, 9, 3, 0, 7, 7, 1, 150, 42, 5, 6]
    let counts: [Int32] = [2, 3, 1, 4, 1]
    let labels: [Int32] = [1, 0, 3, 3, 120]
    func train(threads: Int) throws -> [Float] {
      let model = Model(vocabularySize: vocabularySize, dimensions: d, seed: 5)
      model.output.fillUniform(scale: 0.8, seed: 7)
      model.bias.fillUniform(scale: 0.5, seed: 8)
      let step = try MinibatchSampledStep(
        sampler: sampler, objective: objective, batch: 8, samples: samples, dimensions: d,
        threads: threads)
      var random = Xoshiro256StarStar(seed: 3)
      let loss = inputs.withUnsafeBufferPointer { i in
        counts.withUnsafeBufferPointer { c in
          labels.withUnsafeBufferPointer { l in
            step.train(
              inputs: i, inputCounts: c, labels: l, model: model, learningRate: 0.1,
              summed: true, inputRateFactor: 0.5, outputRateFactor: 0.25, random: &random)
          }
        }
      }
      return [Float(loss)] + model.input.array + model.output.array + model.bias.array
    }
    let one = try train(threads: 1)
    let three = try train(threads: 3)
    let before = Model(vocabularySize: vocabularySize, dimensions: d, seed: 5).input.array
    #expect(Array(one[1...before.count]) != before)
    expectClose(three, one, "three threads against one")
  }

  /// Batches hold exactly `batchSize` examples: a window's pairs are split across two batches
  /// where the first fills up.
  @Test func skipGramBatchesAreExactlyTheBatchSize() throws {
    let model = Model(vocabularySize: 30, dimensions: 4, seed: 1)
    let loss = try BatchSampledLoss(
      sampler: UniformSampler(rangeMax: 30), objective: .sampledSoftmax, architecture: .skipGram,
      samples: 4, batchSize: 3)
    var workspace = Workspace(
      dimensions: 4, maxContexts: 3, maxOutputs: 1, random: Xoshiro256StarStar(seed: 1))
    let state = loss.makeState(model: model)
    var trained: [Int] = []
    for window in windows {
      window.contexts.withUnsafeBufferPointer {
        loss.train(
          centre: window.centre, contexts: $0, model: model, workspace: &workspace, state: state,
          learningRate: 0.1)
      }
      trained.append(workspace.lossCount)
    }
    // Pairs after each window: 2, 5, 6, 9, 11; trained in threes.
    #expect(trained == [0, 3, 6, 9, 9])
    #expect(state.pending.count == 2)
  }

  /// Distinct candidates cannot outnumber the classes: a clear error, not a hang.
  @Test func moreDistinctCandidatesThanClassesAreRefused() throws {
    #expect(throws: SamplerError.rangeTooSmall(numSampled: 40, rangeMax: 30)) {
      _ = try BatchSampledLoss(
        sampler: UniformSampler(rangeMax: 30), objective: .nce, architecture: .cbow,
        samples: 40, batchSize: 8)
    }
  }

  /// The trainer with batch candidates: one worker with a seed repeats bit for bit, and a
  /// different seed gives different vectors.
  @Test func oneWorkerWithBatchCandidatesIsBitForBitReproducible() throws {
    let path = try plantedCorpus(sentences: 400, seed: 1)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.epochs = 2
    options.loss = .sampledSoftmax
    options.candidateSharing = .perBatch
    options.batchSize = 16
    options.samples = 8
    func train(seed: UInt64) throws -> [Float] {
      options.seed = seed
      let model = try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words
      ).model
      return model.input.array + model.output.array + model.bias.array
    }
    let first = try train(seed: 11)
    #expect(first == (try train(seed: 11)))
    #expect(first != (try train(seed: 12)))
  }

  /// Every sampled loss, skip-gram and CBOW, learns the planted structure with batch
  /// candidates: its held-out cross-entropy ends below an untrained model's log 44.
  @Test(arguments: Loss.allCases.filter(\.drawsCandidates), Architecture.allCases)
  func batchCandidatesLowerTheHeldOutCrossEntropy(
    objective: Loss, architecture: Architecture
  ) throws {
    let path = try plantedCorpus(sentences: 1500, seed: 3)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.loss = objective
    options.architecture = architecture
    options.candidateSharing = .perBatch
    options.batchSize = 32
    options.samples = 8
    options.epochs = 3
    let run = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    #expect(run.heldOutCrossEntropy.count == 3)
    #expect(
      run.heldOutCrossEntropy.last! < log(44.0),
      "\(objective), \(architecture): \(run.heldOutCrossEntropy)")
  }
}
