/// The exact softmax over the whole vocabulary as a training loss: (input, centre) examples are
/// gathered into minibatches and trained with `FullSoftmax` (tiled `cblas_sgemm`). Every step
/// updates all of W and b, so it is practical only up to V ≈ 10^5; it is the reference the
/// sampled losses are measured against.
public struct FullSoftmaxTrainingLoss: TrainingLoss {
  public let architecture: Architecture
  public let batchSize: Int
  public let dimensions: Int

  public init(architecture: Architecture, dimensions: Int, batchSize: Int = 256) {
    self.architecture = architecture
    self.dimensions = dimensions
    self.batchSize = batchSize
  }

  public func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    learningRate: Float
  ) {
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
    if workspace.pendingCentres.count >= batchSize {
      flush(model: model, workspace: &workspace, learningRate: learningRate)
    }
  }

  public func flush(model: Model, workspace: inout Workspace, learningRate: Float) {
    let batch = workspace.pendingCentres.count
    guard batch > 0 else { return }
    let d = dimensions
    // Each example's input: its context row, or the mean of its context rows (CBOW).
    var inputs = [Float](repeating: 0, count: batch * d)
    var cursor = 0
    inputs.withUnsafeMutableBufferPointer { x in
      for example in 0..<batch {
        let group = Int(workspace.pendingGroups[example])
        let row = x.baseAddress! + example * d
        for j in 0..<group {
          Kernels.axpy(
            1 / Float(group), model.input.row(workspace.pendingInputs[cursor + j]), row, count: d)
        }
        cursor += group
      }
    }
    let result = inputs.withUnsafeBufferPointer { x in
      model.output.withValues { weights in
        model.bias.withValues { biases in
          FullSoftmax(dimensions: d).evaluate(
            inputs: x, weights: UnsafeBufferPointer(weights), biases: UnsafeBufferPointer(biases),
            labels: workspace.pendingCentres, gradients: true)
        }
      }
    }
    result.weightGradient.withUnsafeBufferPointer { dW in
      Kernels.axpy(-learningRate, dW.baseAddress!, model.output.storage, count: dW.count)
    }
    result.biasGradient.withUnsafeBufferPointer { db in
      Kernels.axpy(-learningRate, db.baseAddress!, model.bias.storage, count: db.count)
    }
    cursor = 0
    result.inputGradient.withUnsafeBufferPointer { dX in
      for example in 0..<batch {
        let group = Int(workspace.pendingGroups[example])
        for j in 0..<group {
          Kernels.axpy(
            -learningRate, dX.baseAddress! + example * d,
            model.input.row(workspace.pendingInputs[cursor + j]),
            count: d)
        }
        cursor += group
      }
    }
    workspace.lossSum += result.losses.reduce(0.0) { $0 + Double($1) }
    workspace.lossCount += batch
    workspace.pendingInputs.removeAll(keepingCapacity: true)
    workspace.pendingCentres.removeAll(keepingCapacity: true)
    workspace.pendingGroups.removeAll(keepingCapacity: true)
  }
}
