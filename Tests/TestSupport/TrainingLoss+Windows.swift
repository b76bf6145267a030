import Samplex

extension TrainingLoss {
  /// Trains on each window in turn, as a worker would.
  package func train(
    windows: [(centre: Int32, contexts: [Int32])], model: Model, workspace: inout Workspace,
    state: State, learningRate: Float
  ) {
    for window in windows {
      window.contexts.withUnsafeBufferPointer {
        train(
          centre: window.centre, contexts: $0, model: model, workspace: &workspace, state: state,
          learningRate: learningRate)
      }
    }
  }
}
