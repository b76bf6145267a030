/// The exact softmax over the whole vocabulary as a training loss: (input, centre) examples are
/// gathered into minibatches, and each minibatch is one `FullSoftmaxStep` (three `cblas_sgemm`
/// over blocks of its rows) with the losses summed, so that the step is that of per-example
/// SGD at word2vec's per-example learning rate. Every step updates all of W and b, so it is
/// practical only up to V ≈ 10^5; it is the reference the sampled losses are measured against.
package struct FullSoftmaxTrainingLoss: TrainingLoss {
  package let architecture: Architecture
  package let batchSize: Int
  package let dimensions: Int
  /// The classes every example scores: the vocabulary's words.
  package let vocabularySize: Int

  /// Batches of `training.batch_size` examples, 256 by default: at V = 48,803, d = 100 one
  /// thread's step ran at the same 62–65 GFLOP/s with 256 and with 1,024
  /// (Benchmarks/history/losses.md, 2026-12-03), and a smaller batch is less stale.
  package init(
    architecture: Architecture, dimensions: Int, vocabularySize: Int, batchSize: Int = 256
  ) {
    precondition(batchSize >= 1, "a batch holds at least one example")
    self.architecture = architecture
    self.dimensions = dimensions
    self.vocabularySize = vocabularySize
    self.batchSize = batchSize
  }

  /// Every example updates every output row.
  package var outputsPerExample: Int { vocabularySize }
  package var minibatchSize: Int? { batchSize }

  /// A worker's examples not yet trained, and its step's buffers, made at its first batch.
  package final class State {
    package internal(set) var pending = PendingExamples()
    var step: FullSoftmaxStep?
  }

  package func makeState(model: Model) -> State { State() }

  package func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    state: State, learningRate: Float
  ) {
    let examples = architecture == .skipGram ? contexts.count : 1
    if state.pending.count + examples > batchSize {
      flush(model: model, workspace: &workspace, state: state, learningRate: learningRate)
    }
    switch architecture {
    case .skipGram:
      for context in contexts { state.pending.append(label: centre, input: context) }
    case .cbow:
      state.pending.append(label: centre, inputs: contexts)
    }
  }

  package func flush(model: Model, workspace: inout Workspace, state: State, learningRate: Float) {
    let batch = state.pending.count
    guard batch > 0 else { return }
    let d = dimensions
    // A window wider than the batch makes one batch larger.
    if state.step.map({ $0.batch < batch }) ?? true {
      state.step = FullSoftmaxStep(
        batch: max(batch, batchSize), dimensions: d, classes: model.vocabularySize,
        blockRows: Self.blockRows(classes: model.vocabularySize))
    }
    let step = state.step!
    // Each example's input: its context row, or the mean of its context rows (CBOW).
    let x = step.inputs
    var cursor = 0
    for example in 0..<batch {
      let group = Int(state.pending.inputCounts[example])
      let row = x + example * d
      row.update(repeating: 0, count: d)
      for j in 0..<group {
        Kernels.axpy(
          1 / Float(group), model.input.row(state.pending.inputs[cursor + j]), row, count: d)
      }
      cursor += group
    }
    let total = state.pending.labels.withUnsafeBufferPointer {
      step.train(count: batch, labels: $0, model: model, learningRate: learningRate, summed: true)
    }
    // Every context row of an example gets its input's update, as word2vec.c and gensim
    // (cbow_mean=1) do for CBOW.
    let dx = step.inputGradients
    cursor = 0
    for example in 0..<batch {
      let group = Int(state.pending.inputCounts[example])
      for j in 0..<group {
        Kernels.axpy(
          -learningRate, dx + example * d, model.input.row(state.pending.inputs[cursor + j]),
          count: d)
      }
      cursor += group
    }
    workspace.lossSum += total
    workspace.lossCount += batch
    state.pending.removeAll()
  }

  /// Rows of a batch whose logits are held at once: about 16M logits (64 MB a worker).
  static func blockRows(classes: Int) -> Int { max(16, (1 << 24) / max(classes, 1)) }
}
