/// What a trainer asks of a loss: train on one window (a centre word and its context words),
/// updating the shared model in place, and say what the loss was.
///
/// Implementations are immutable structs built once per run (their tables in `init`); the
/// trainer is generic over them, so the per-window call is specialized and inlined. Per-worker
/// mutable state lives in `Workspace`.
public protocol TrainingLoss: Sendable {
  /// Trains on the window of `centre` with `contexts`: skip-gram predicts the centre from each
  /// context word, CBOW from their mean.
  func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    learningRate: Float
  )

  /// Trains on whatever the loss has buffered (the full softmax trains in minibatches).
  func flush(model: Model, workspace: inout Workspace, learningRate: Float)

  /// Starts fetching the rows a coming window will read: the output row of its centre and the
  /// input row of a context word.
  func prefetch(centre: Int32, context: Int32, model: Model)
}

extension TrainingLoss {
  public func flush(model: Model, workspace: inout Workspace, learningRate: Float) {}
  public func prefetch(centre: Int32, context: Int32, model: Model) {}
}

/// Skip-gram (each context word predicts the centre) or CBOW (the mean of the context words
/// predicts it), Mikolov et al. 2013.
public enum Architecture: String, Sendable, CaseIterable {
  case skipGram = "skipgram"
  case cbow
}
