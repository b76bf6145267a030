import Foundation
import Samplex
import TestSupport
import Testing

/// NCE's output biases start at −log V, the uniform distribution already normalized, so that
/// its S noise candidates start with weights near 1/S (`Loss.initialOutputBias`).
@Suite struct NCEStartTests {
  /// At a learning rate too small to move them, the biases a run ends with are its start.
  @Test(arguments: [Loss.nce, .negativeSampling, .sampledSoftmax])
  func theOutputBiasesStartWhereTheLossNeedsThem(loss: Loss) throws {
    let path = try plantedCorpus(sentences: 200, seed: 5)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.loss = loss
    options.epochs = 1
    options.learningRate = 1e-12
    options.minLearningRate = 1e-13
    let run = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    let biases = (0..<words.count).map { run.model.bias.storage[$0] }
    let start: Float = loss == .nce ? -Float(log(Double(words.count))) : 0
    #expect(biases.allSatisfy { abs($0 - start) < 1e-6 }, "\(biases.prefix(4))")
  }
}
