import Samplex

/// One window's starting point for comparing a window update with TensorFlow's gradients: a
/// small model with random output rows and biases, a log-uniform sampler, the loss and its
/// workspace, and the candidates the loss will draw with its generator seeded `seed`, replayed
/// from the same state.
struct WindowStepFixture: ~Copyable {
  let model: Model
  let before: (input: [Float], output: [Float], bias: [Float])
  let sampler: LogUniformSampler
  let loss: SampledWindowLoss<LogUniformSampler>
  var workspace: Workspace
  let candidates: [Int32]

  init(
    objective: Loss, architecture: Architecture, vocabularySize: Int,
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
