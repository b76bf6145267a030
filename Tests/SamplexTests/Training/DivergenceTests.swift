import Foundation
import Samplex
import TestSupport
import Testing

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
