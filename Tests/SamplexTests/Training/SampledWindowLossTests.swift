import Foundation
import Samplex
import TestSupport
import Testing

@Suite struct SampledWindowLossTests {
  @Test(arguments: [Loss.sampledSoftmax, .nce])
  func aWindowUpdateIsTheGradientStepOfTensorFlowsLoss(objective: Loss) throws {
    let (vocabularySize, d, samples) = (8, 5, 4)
    var fixture = try WindowStepFixture(
      objective: objective, architecture: .skipGram, vocabularySize: vocabularySize, dimensions: d,
      samples: samples, maxContexts: 3, seed: 7)
    let (model, before, sampler, candidates) = (
      fixture.model, fixture.before, fixture.sampler, fixture.candidates
    )
    let (centre, contexts): (Int32, [Int32]) = (candidates[1], [2, 5, 6])
    let rate: Float = 0.1
    fixture.train(centre: centre, contexts: contexts, learningRate: rate)
    // The same window through SampledLogits, whose math passes TensorFlow's reference cases.
    let inputs = contexts.flatMap { Array(before.input[(Int($0) * d)..<(Int($0) * d + d)]) }
    let count = { (id: Int32) in Float(Double(samples) * sampler.probability(of: id)) }
    let logits = SampledLogits(
      inputs: inputs, weights: before.output, biases: before.bias, dimensions: d,
      labels: [centre, centre, centre], numTrue: 1, sampled: candidates,
      trueExpectedCounts: [count(centre), count(centre), count(centre)],
      sampledExpectedCounts: candidates.map(count),
      removeAccidentalHits: objective == .sampledSoftmax, subtractLogQ: true)
    #expect(logits.masked.contains(true) == (objective == .sampledSoftmax))
    let (_, logitGradient) = objective.referenceEvaluate(logits, upstream: [1, 1, 1])
    let gradients = logits.backward(
      logitGradient: logitGradient, inputs: inputs, weights: before.output,
      labels: [centre, centre, centre],
      sampled: candidates, vocabularySize: vocabularySize)
    let after = (input: model.input.array, output: model.output.array, bias: model.bias.array)
    // Interpolated logistic tables (≤ 1e-5) and float rounding: 1e-4 absolute on updates of ≈ 0.1.
    for (j, context) in contexts.enumerated() {
      for k in 0..<d {
        let want = before.input[Int(context) * d + k] - rate * gradients.inputs[j * d + k]
        #expect(abs(after.input[Int(context) * d + k] - want) < 1e-4)
      }
    }
    for index in 0..<(vocabularySize * d) {
      #expect(
        abs(after.output[index] - (before.output[index] - rate * gradients.weights[index])) < 1e-4)
    }
    for id in 0..<vocabularySize {
      #expect(abs(after.bias[id] - (before.bias[id] - rate * gradients.biases[id])) < 1e-4)
    }
  }

  /// CBOW: TensorFlow's loss at the mean of the context rows; the output rows and biases take
  /// its gradient step, and every context row takes the step of the mean's gradient (not a
  /// share of it), as word2vec.c and gensim (cbow_mean=1) apply it.
  @Test(arguments: [Loss.sampledSoftmax, .nce])
  func aCBOWWindowUpdateIsTheGradientStepOfTensorFlowsLossAtTheMean(objective: Loss)
    throws
  {
    let (vocabularySize, d, samples) = (8, 13, 5)
    var fixture = try WindowStepFixture(
      objective: objective, architecture: .cbow, vocabularySize: vocabularySize, dimensions: d,
      samples: samples, maxContexts: 4, seed: 9)
    let (model, before, sampler, candidates) = (
      fixture.model, fixture.before, fixture.sampler, fixture.candidates
    )
    // The centre is also a candidate (an accidental hit), and context 3 appears twice: it
    // counts twice in the mean and takes the step twice.
    let (centre, contexts): (Int32, [Int32]) = (candidates[2], [1, 3, 3, 7])
    let rate: Float = 0.1
    fixture.train(centre: centre, contexts: contexts, learningRate: rate)
    var mean = [Float](repeating: 0, count: d)
    for context in contexts {
      for k in 0..<d { mean[k] += before.input[Int(context) * d + k] / Float(contexts.count) }
    }
    let count = { (id: Int32) in Float(Double(samples) * sampler.probability(of: id)) }
    let logits = SampledLogits(
      inputs: mean, weights: before.output, biases: before.bias, dimensions: d,
      labels: [centre], numTrue: 1, sampled: candidates, trueExpectedCounts: [count(centre)],
      sampledExpectedCounts: candidates.map(count),
      removeAccidentalHits: objective == .sampledSoftmax, subtractLogQ: true)
    let (_, logitGradient) = objective.referenceEvaluate(logits, upstream: [1])
    let gradients = logits.backward(
      logitGradient: logitGradient, inputs: mean, weights: before.output, labels: [centre],
      sampled: candidates, vocabularySize: vocabularySize)
    let after = (input: model.input.array, output: model.output.array, bias: model.bias.array)
    // Like word2vec.c, the window reads an output row listed twice (here the centre is drawn
    // as candidates too) after its first update: the mean's gradient then differs from
    // TensorFlow's, taken at the rows before the window, by Σ over such pairs l < k of
    // G_k·G_l·h (G = rate × logit gradient), at most Σ |G_k·G_l| · max|h| an element; 2e-5
    // more for the logistic table (≤ 5e-6 a gradient, times rows of ≤ 0.5) and rounding.
    let ids = [centre] + candidates
    let g = logitGradient.map { rate * $0 }
    var repeatedPairs: Float = 0
    for k in ids.indices {
      for l in 0..<k where ids[l] == ids[k] { repeatedPairs += abs(g[k] * g[l]) }
    }
    #expect(repeatedPairs > 0)
    let bound = 2e-5 + repeatedPairs * mean.map(abs).max()!
    for id in 0..<vocabularySize {
      let steps = Float(contexts.filter { $0 == id }.count)
      for k in 0..<d {
        let want = before.input[id * d + k] - steps * rate * gradients.inputs[k]
        #expect(abs(after.input[id * d + k] - want) <= steps * bound, "input \(id), \(k)")
      }
      #expect(abs(after.bias[id] - (before.bias[id] - rate * gradients.biases[id])) < 1e-4)
    }
    for index in 0..<(vocabularySize * d) {
      #expect(
        abs(after.output[index] - (before.output[index] - rate * gradients.weights[index])) < 1e-4)
    }
    #expect(after.input != before.input)
  }

  /// Each window draws the next window's candidates ahead (to fetch their rows early). A
  /// worker resumed from a checkpoint has no draw ahead and draws from the saved generator:
  /// training must not tell the two apart, for every objective and both architectures.
  @Test(arguments: Loss.allCases.filter(\.drawsCandidates), Architecture.allCases)
  func drawingCandidatesAheadChangesNoUpdate(
    objective: Loss, architecture: Architecture
  ) throws {
    let (vocabularySize, d, samples) = (50, 8, 5)
    let sampler = try UnigramSampler(counts: (0..<vocabularySize).map { 1000 / Double($0 + 1) })
    let loss = SampledWindowLoss(
      sampler: sampler, objective: objective, architecture: architecture, samples: samples)
    var windows = Xoshiro256StarStar(seed: 11)
    let batch = (0..<200).map { _ in
      (
        centre: Int32(windows.next(below: vocabularySize)),
        contexts: (0..<4).map { _ in Int32(windows.next(below: vocabularySize)) }
      )
    }
    func train(forgetDrawAhead: Bool) -> (tables: [Float], drawn: Int) {
      let model = Model(vocabularySize: vocabularySize, dimensions: d, seed: 3)
      var workspace = Workspace(
        dimensions: d, maxContexts: 4, maxOutputs: samples + 1,
        random: Xoshiro256StarStar(seed: 7))
      var drawn = 0
      for window in batch {
        if forgetDrawAhead {
          // What a resume does: the generator is set from a saved state.
          let state = workspace.random
          workspace.random = state
        }
        if workspace.hasNextCandidates { drawn += 1 }
        window.contexts.withUnsafeBufferPointer {
          loss.train(
            centre: window.centre, contexts: $0, model: model, workspace: &workspace,
            state: .shared, learningRate: 0.05)
        }
      }
      return (model.input.array + model.output.array + model.bias.array, drawn)
    }
    let ahead = train(forgetDrawAhead: false)
    let fresh = train(forgetDrawAhead: true)
    // Every window after the first found its candidates drawn ahead, and none did when the
    // draw ahead was forgotten each time; the updates are bit for bit the same.
    #expect(ahead.drawn == batch.count - 1)
    #expect(fresh.drawn == 0)
    #expect(ahead.tables == fresh.tables)
  }
}
