import Foundation
import Samplex
import TestSupport
import Testing

/// A corpus with planted structure: 8 groups of 4 words; every sentence puts one word of a group
/// among context words of that group only, so words of one group share all their contexts and
/// nothing else.
func plantedCorpus(sentences: Int, seed: UInt64) throws -> String {
  var random = Xoshiro256StarStar(seed: seed)
  var lines: [String] = []
  for _ in 0..<sentences {
    let group = random.next(below: 8)
    func context() -> String { "g\(group)c\(random.next(below: 3))" }
    lines.append(
      [context(), context(), "g\(group)w\(random.next(below: 4))", context(), context()].joined(
        separator: " "))
  }
  return try Fixtures.file(
    named: "planted.txt", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
}

func vocabulary(of path: String, minCount: Int = 1) throws -> Vocabulary {
  try VocabularyBuilder.counting(TextSource(path: path), options: .init()).builder.build(
    minCount: minCount, corpus: path)
}

func plantedOptions() -> TrainingOptions {
  var options = TrainingOptions()
  options.dimensions = 16
  options.window = 2
  options.minCount = 1
  options.subsample = 0
  options.epochs = 5
  options.workers = 1
  options.heldOutShare = 0.1
  options.progressInterval = 60
  return options
}

/// One window's starting point for comparing a window update with TensorFlow's gradients: a
/// small model with random output rows and biases, a log-uniform sampler, the loss and its
/// workspace, and the candidates the loss will draw with its generator seeded `seed`, replayed
/// from the same state.
struct WindowStepFixture {
  let model: Model
  let before: (input: [Float], output: [Float], bias: [Float])
  let sampler: LogUniformSampler
  let loss: SampledWindowLoss<LogUniformSampler>
  var workspace: Workspace
  let candidates: [Int32]

  init(
    objective: SampledObjective, architecture: Architecture, vocabularySize: Int,
    dimensions d: Int, samples: Int, maxContexts: Int, seed: UInt64
  ) throws {
    model = Model(vocabularySize: vocabularySize, dimensions: d, seed: 3)
    model.output.fillUniform(scale: 0.5, seed: 4)
    model.bias.fillUniform(scale: 0.2, seed: 5)
    before = (input: model.input.array, output: model.output.array, bias: model.bias.array)
    let sampler = try LogUniformSampler(rangeMax: vocabularySize)
    self.sampler = sampler
    loss = SampledWindowLoss(
      sampler: sampler, objective: objective, architecture: architecture, samples: samples)
    workspace = Workspace(
      dimensions: d, maxContexts: maxContexts, maxOutputs: samples + 1,
      random: Xoshiro256StarStar(seed: seed))
    var replay = Xoshiro256StarStar(seed: seed)
    var drawn = [Int32](repeating: 0, count: samples)
    _ = drawn.withUnsafeMutableBufferPointer {
      sampler.sample(into: $0, unique: false, using: &replay)
    }
    candidates = drawn
  }

  /// Trains the loss on one window of `centre` and `contexts`.
  mutating func train(centre: Int32, contexts: [Int32], learningRate: Float) {
    let (loss, model) = (self.loss, self.model)
    contexts.withUnsafeBufferPointer {
      loss.train(
        centre: centre, contexts: $0, model: model, workspace: &workspace, state: .shared,
        learningRate: learningRate)
    }
  }
}

@Suite struct TrainingTests {
  @Test(arguments: [SampledObjective.sampledSoftmax, .nce])
  func aWindowUpdateIsTheGradientStepOfTensorFlowsLoss(objective: SampledObjective) throws {
    let (vocabularySize, d, samples) = (8, 5, 4)
    var fixture = try WindowStepFixture(
      objective: objective, architecture: .skipGram, vocabularySize: vocabularySize, dimensions: d,
      samples: samples, maxContexts: 3, seed: 7)
    defer { fixture.workspace.deallocate() }
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
    let (_, logitGradient) = SampledLoss(rawValue: objective == .nce ? "nce" : "sampled_softmax")!
      .evaluate(logits, upstream: [1, 1, 1])
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
  @Test(arguments: [SampledObjective.sampledSoftmax, .nce])
  func aCBOWWindowUpdateIsTheGradientStepOfTensorFlowsLossAtTheMean(objective: SampledObjective)
    throws
  {
    let (vocabularySize, d, samples) = (8, 13, 5)
    var fixture = try WindowStepFixture(
      objective: objective, architecture: .cbow, vocabularySize: vocabularySize, dimensions: d,
      samples: samples, maxContexts: 4, seed: 9)
    defer { fixture.workspace.deallocate() }
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
    let (_, logitGradient) = SampledLoss(rawValue: objective == .nce ? "nce" : "sampled_softmax")!
      .evaluate(logits, upstream: [1])
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
  @Test(arguments: SampledObjective.allCases, Architecture.allCases)
  func drawingCandidatesAheadChangesNoUpdate(
    objective: SampledObjective, architecture: Architecture
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
      defer { workspace.deallocate() }
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

  @Test func oneWorkerWithASeedIsBitForBitReproducible() throws {
    let path = try plantedCorpus(sentences: 400, seed: 1)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.epochs = 2
    func train(seed: UInt64) throws -> [Float] {
      options.seed = seed
      return try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words
      )
      .model.input.array
    }
    let first = try train(seed: 11)
    #expect(first == (try train(seed: 11)))
    #expect(first != (try train(seed: 12)))
  }

  /// Every word's nearest neighbour should be a word of its own group. Over seeds 1…20 in a
  /// release build, the share was 100% for 19 seeds and 97% for one; the threshold leaves room.
  @Test func plantedNeighboursAreFound() throws {
    let path = try plantedCorpus(sentences: 3000, seed: 2)
    let words = try vocabulary(of: path)
    let run = try TrainerFactory.train(
      options: plantedOptions(), source: TextSource(path: path), vocabulary: words)
    let index = NearestNeighbors(words: words.words, vectors: run.model.input)
    let groupWords = words.words.enumerated().filter { $0.element.contains("w") }
    var found = 0
    for (id, word) in groupWords {
      let group = word.prefix(2)
      let nearestWord = index.neighbors(of: id, count: 8).first { $0.word.contains("w") }?.word
      if nearestWord?.hasPrefix(group) == true { found += 1 }
    }
    #expect(Double(found) / Double(groupWords.count) >= 0.9, "\(found) of \(groupWords.count)")
  }

  @Test(arguments: TrainingOptions.LossKind.allCases, TrainingOptions.SamplerKind.allCases)
  func everyLossAndSamplerLowerTheHeldOutCrossEntropy(
    loss: TrainingOptions.LossKind, sampler: TrainingOptions.SamplerKind
  ) throws {
    if loss == .fullSoftmax && sampler != .unigram { return }  // the full softmax has no sampler
    let path = try plantedCorpus(sentences: 1500, seed: 3)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.loss = loss
    options.sampler = sampler
    options.epochs = 3
    let run = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    // 44 classes: an untrained model scores log 44 ≈ 3.78 nats.
    #expect(run.heldOutCrossEntropy.count == 3)
    #expect(run.heldOutCrossEntropy.allSatisfy { $0.isFinite })
    #expect(
      run.heldOutCrossEntropy.last! < log(44.0),
      "\(loss) with \(sampler): \(run.heldOutCrossEntropy)")
  }

  @Test func cbowTrains() throws {
    let path = try plantedCorpus(sentences: 1500, seed: 4)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.architecture = .cbow
    let run = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    #expect(run.heldOutCrossEntropy.count == 5)
    #expect(run.heldOutCrossEntropy.last! < log(44.0), "\(run.heldOutCrossEntropy)")
    // The held-out sentences are not trained on, so fewer words than 5 × the corpus are seen.
    #expect(run.wordsSeen < 5 * Int(words.totalCount) && run.wordsSeen > 4 * Int(words.totalCount))
  }

  @Test func badOptionsAreClearErrors() throws {
    let path = try plantedCorpus(sentences: 50, seed: 5)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.window = 0
    #expect(
      throws: TrainingError.invalidOption(name: "window", reason: "the window must be at least 1")
    ) {
      _ = try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words)
    }
    #expect(
      TrainingError.modelTooLarge(bytes: 9_000_000_000, available: 1_000_000_000).description
        == "the model needs 9000 MB but only 1000 MB of memory is available; lower --dim, raise --min-count or set --max-size."
    )
  }

  /// A checkpoint records its vocabulary's fingerprint, so that its rows are never resumed
  /// under another vocabulary of the same size: here the two most frequent words trade ids.
  @Test func aCheckpointIsResumedOnlyUnderItsOwnVocabulary() throws {
    let path = try plantedCorpus(sentences: 300, seed: 11)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.epochs = 2
    let folder = try Fixtures.temporaryDirectory()
    _ = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words,
      checkpoints: CheckpointFolder(path: folder, run: RunID(value: 1), settings: 0))
    let checkpoint = try Checkpoint.latest(in: folder)
    #expect(checkpoint.vocabularyFingerprint == words.fingerprint)
    var swapped = words.words
    swapped.swapAt(0, 1)
    let other = Vocabulary(words: swapped, counts: words.counts)
    #expect(other.fingerprint != words.fingerprint)
    options.epochs = 3
    #expect(
      throws: TrainingError.checkpointMismatch(
        path: "checkpoint-2.bin",
        reason:
          "its rows belong to another vocabulary of \(words.count) words: the corpus, the "
          + "vocabulary file (vocabulary.read), min_count or max_size changed since it was written")
    ) {
      try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: other, resume: checkpoint)
    }
    let resumed = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words, resume: checkpoint)
    // The two epochs' cross-entropies the checkpoint holds, and the third's.
    #expect(resumed.heldOutCrossEntropy.count == 3)
  }
}

@Suite struct DivergenceTests {
  @Test func aHugeLearningRateEndsInAClearError() throws {
    let path = try plantedCorpus(sentences: 300, seed: 6)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.loss = .nce
    options.sampler = .logUniform
    options.learningRate = 1e6
    options.epochs = 2
    let error = #expect(throws: TrainingError.self) {
      _ = try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words)
    }
    guard case .diverged(let epoch, _, _) = error else {
      Issue.record("expected divergence, got \(String(describing: error))")
      return
    }
    #expect(epoch == 1)
    #expect(error?.description.contains("lower --lr") == true)
  }

  @Test func divergenceStopsTrainingWithinAPublishingInterval() throws {
    // 8,000 sentences of 5 words: 40,000 words, four publishing intervals of 10,000.
    let path = try plantedCorpus(sentences: 8000, seed: 7)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.loss = .nce
    options.sampler = .logUniform
    options.learningRate = 1e6
    options.epochs = 1
    let error = #expect(throws: TrainingError.self) {
      _ = try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words)
    }
    guard case .diverged(_, let wordsSeen, _) = error else {
      Issue.record("expected divergence, got \(String(describing: error))")
      return
    }
    #expect(wordsSeen <= 20_000, "trained \(wordsSeen) words after the loss went non-finite")
  }
}
