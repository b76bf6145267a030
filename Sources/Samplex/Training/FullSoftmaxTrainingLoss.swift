/// The exact softmax over the whole vocabulary as a training loss: (input, centre) examples are
/// gathered into minibatches, and each minibatch is one `FullSoftmaxStep` (three `cblas_sgemm`
/// over blocks of its rows) with the losses summed, so that the step is that of per-example
/// SGD at word2vec's per-example learning rate. Every step updates all of W and b, so it is
/// practical only up to V ≈ 10^5; it is the reference the sampled losses are measured against.
public struct FullSoftmaxTrainingLoss: TrainingLoss {
  public let architecture: Architecture
  public let batchSize: Int
  public let dimensions: Int

  /// Batches of 256 examples: at V = 48,803, d = 100 one thread's step ran at the same 62–65
  /// GFLOP/s with 256 and with 1,024 (BENCHMARKS.md), and a smaller batch is less stale.
  public init(architecture: Architecture, dimensions: Int, batchSize: Int = 256) {
    precondition(batchSize >= 1, "a batch holds at least one example")
    self.architecture = architecture
    self.dimensions = dimensions
    self.batchSize = batchSize
  }

  public func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    learningRate: Float
  ) {
    let examples = architecture == .skipGram ? contexts.count : 1
    if workspace.pendingCentres.count + examples > batchSize {
      flush(model: model, workspace: &workspace, learningRate: learningRate)
    }
    switch architecture {
    case .skipGram:
      for context in contexts {
        workspace.pendingInputs.append(context)
        workspace.pendingCentres.append(centre)
        workspace.pendingGroups.append(1)
      }
    case .cbow:
      workspace.pendingInputs.append(contentsOf: contexts)
      workspace.pendingCentres.append(centre)
      workspace.pendingGroups.append(Int32(contexts.count))
    }
  }

  public func flush(model: Model, workspace: inout Workspace, learningRate: Float) {
    let batch = workspace.pendingCentres.count
    guard batch > 0 else { return }
    let d = dimensions
    // One step's buffers per worker, made at its first batch (a window wider than the batch
    // makes one batch larger).
    if workspace.fullSoftmaxStep.map({ $0.batch < batch }) ?? true {
      workspace.fullSoftmaxStep = FullSoftmaxStep(
        batch: max(batch, batchSize), dimensions: d, classes: model.vocabularySize,
        blockRows: Self.blockRows(classes: model.vocabularySize))
    }
    let step = workspace.fullSoftmaxStep!
    // Each example's input: its context row, or the mean of its context rows (CBOW).
    let x = step.inputs
    var cursor = 0
    for example in 0..<batch {
      let group = Int(workspace.pendingGroups[example])
      let row = x + example * d
      row.update(repeating: 0, count: d)
      for j in 0..<group {
        Kernels.axpy(
          1 / Float(group), model.input.row(workspace.pendingInputs[cursor + j]), row, count: d)
      }
      cursor += group
    }
    let total = workspace.pendingCentres.withUnsafeBufferPointer {
      step.train(count: batch, labels: $0, model: model, learningRate: learningRate, summed: true)
    }
    // Every context row of an example gets its input's update, as word2vec.c and gensim
    // (cbow_mean=1) do for CBOW.
    let dx = step.inputGradients
    cursor = 0
    for example in 0..<batch {
      let group = Int(workspace.pendingGroups[example])
      for j in 0..<group {
        Kernels.axpy(
          -learningRate, dx + example * d, model.input.row(workspace.pendingInputs[cursor + j]),
          count: d)
      }
      cursor += group
    }
    workspace.lossSum += total
    workspace.lossCount += batch
    workspace.pendingInputs.removeAll(keepingCapacity: true)
    workspace.pendingCentres.removeAll(keepingCapacity: true)
    workspace.pendingGroups.removeAll(keepingCapacity: true)
  }

  /// Rows of a batch whose logits are held at once: about 16M logits (64 MB a worker).
  static func blockRows(classes: Int) -> Int { max(16, (1 << 24) / max(classes, 1)) }
}
