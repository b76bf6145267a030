/// What a trainer asks of a loss: train on one window (a centre word and its context words),
/// updating the shared model in place, and say what the loss was.
///
/// Implementations are immutable structs built once per run (their tables in `init`); the
/// trainer is generic over them, so the per-window call is specialized and inlined. Each worker
/// holds the loss's `State` (fastText's `Model::State`): what the loss keeps between windows,
/// such as the examples of a minibatch not yet trained. The scratch of one window, the
/// worker's generator and its running loss are the `Workspace`, which every loss shares.
package protocol TrainingLoss: Sendable {
  /// A worker's own state for this loss; a class, so that the worker passes it by reference.
  associatedtype State: AnyObject

  /// A worker's state, made once when the worker starts.
  func makeState(model: Model) -> State

  /// Trains on the window of `centre` with `contexts`: skip-gram predicts the centre from each
  /// context word, CBOW from their mean.
  func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    state: State, learningRate: Float
  )

  /// Trains on whatever the loss has buffered (the minibatch losses).
  func flush(model: Model, workspace: inout Workspace, state: State, learningRate: Float)

  /// Starts fetching the rows a coming window will read: the output row of its centre and the
  /// input row of a context word.
  func prefetch(centre: Int32, context: Int32, model: Model)

  /// The output layer the loss trains, which the held-out cross-entropy scores.
  var outputLayer: OutputLayer { get }

  /// The output rows one example reads and updates: what an example costs, which sets how
  /// many words a worker trains between publications (`PublishingInterval`).
  var outputsPerExample: Int { get }

  /// The examples a minibatch loss trains together, or nil for a loss that trains each window
  /// as it comes; publishing flushes a minibatch, so it bounds the interval from below.
  var minibatchSize: Int? { get }
}

/// The state of a loss that keeps nothing between windows.
public final class NoLossState: Sendable {
  public static let shared = NoLossState()
}

extension TrainingLoss where State == NoLossState {
  package func makeState(model: Model) -> NoLossState { .shared }
  package func flush(model: Model, workspace: inout Workspace, state: State, learningRate: Float) {}
}

extension TrainingLoss {
  package func prefetch(centre: Int32, context: Int32, model: Model) {}
  package var outputLayer: OutputLayer { .softmax }
  package var minibatchSize: Int? { nil }
}

/// Skip-gram (each context word predicts the centre) or CBOW (the mean of the context words
/// predicts it), Mikolov et al. 2013.
public enum Architecture: String, Sendable, CaseIterable {
  case skipGram = "skipgram"
  case cbow
}
