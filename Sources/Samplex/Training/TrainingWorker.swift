import Synchronization

/// One worker's consumer of sentences: forms the windows, trains each through the loss, keeps
/// the learning rate in step with global progress and publishes its figures.
struct TrainingWorker<TrainedLoss: TrainingLoss>: SentenceConsumer {
  let loss: TrainedLoss
  let model: Model
  let schedule: LearningRateSchedule
  let progress: TrainingProgress
  /// Set from outside to stop the run.
  let stop: StopRequest?
  /// Whether the worker may stop inside the epoch at a position it can go on from (for a
  /// checkpoint when `timer` is due or a stop is requested). Without it, a stop request ends
  /// the pass at once and the epoch is redone on resume.
  let pausable: Bool
  let timer: CheckpointTimer?
  /// This worker's index in the pass, and the gate that may have it wait while another runs
  /// alone (`WorkerPacing`).
  let worker: Int
  let gate: WorkerGate?
  /// Where the worker stopped to let a checkpoint be written, once it has.
  private(set) var pausedAt: WorkerPosition?
  /// Sentences with vocabulary words taken from the shard, including those before a resume.
  private var sentences: Int
  /// The worker's scratch, generator and running loss, shared by the worker's copies.
  let workspaceBox: WorkspaceBox
  /// What the loss keeps between windows (a minibatch's pending examples).
  let lossState: TrainedLoss.State
  var windows: ContextWindows
  var learningRate: Float
  /// Words since the last publication, and the workspace loss then.
  private var unpublishedWords = 0
  private var publishedLoss = (sum: 0.0, count: 0)
  /// Held-out sentences collected, up to a cap of words.
  var heldOut: [[Int32]] = []
  var heldOutWords = 0
  let heldOutCap: Int
  let collectsHeldOut: Bool
  /// Words between publications (`PublishingInterval`), the same for every worker of the run.
  let publishEvery: Int

  init(
    loss: TrainedLoss, model: Model, schedule: LearningRateSchedule, progress: TrainingProgress,
    stop: StopRequest? = nil, pausable: Bool = false, timer: CheckpointTimer? = nil,
    worker: Int = 0, gate: WorkerGate? = nil, publishEvery: Int,
    workspace: consuming Workspace, window: Int,
    heldOutCap: Int,
    collectsHeldOut: Bool,
    from position: WorkerPosition? = nil
  ) {
    self.loss = loss
    self.model = model
    self.schedule = schedule
    self.progress = progress
    self.stop = stop
    self.pausable = pausable
    self.timer = timer
    self.worker = worker
    self.gate = gate
    self.publishEvery = publishEvery
    workspaceBox = WorkspaceBox(workspace)
    lossState = loss.makeState(model: model)
    if let position { workspaceBox.workspace.random = position.lossRandom }
    sentences = position?.sentences ?? 0
    heldOut = position?.heldOut ?? []
    heldOutWords = heldOut.reduce(0) { $0 + $1.count }
    windows = ContextWindows(window: window)
    learningRate = schedule.rate(afterWords: progress.wordsSeen.load(ordering: .relaxed))
    self.heldOutCap = heldOutCap
    self.collectsHeldOut = collectsHeldOut
  }

  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    // Once any worker has seen a non-finite loss or a stop was requested, training stops within
    // one publishing interval (`publishEvery`: at most 10,000 words, fewer for a costly loss),
    // and reading at the next chunk. The budget's clock
    // is read once a sentence (tens of nanoseconds for tens of words), so that a slow loss (the
    // full softmax: minutes per interval at V = 10^6) ends on time too.
    if schedule.budget?.isSpent == true { progress.outOfTime.store(true, ordering: .relaxed) }
    if !wantsMore { return }
    Self.trainWindows(
      of: sentence, windows: &windows, random: &random, loss: loss, model: model,
      workspace: &workspaceBox.workspace, state: lossState, learningRate: learningRate)
    sentences += 1
    unpublishedWords += knownTokens
    if unpublishedWords >= publishEvery {
      publish()
      // Right after publishing is the one point where the worker's whole state is its
      // position and generators.
      if pausable, stop?.isRequested == true || timer?.isDue == true {
        pausedAt = position(finished: false, streamRandom: random)
      } else if let gate {
        gate.waitTurn(worker: worker) { !wantsMore || stop?.isRequested == true }
      }
    }
  }

  /// Trains each window of `sentence`. The workspace is an `inout` parameter here, so the
  /// window closure uses it in place: no copy and no access check per window.
  @inline(__always)
  private static func trainWindows(
    of sentence: UnsafeBufferPointer<Int32>, windows: inout ContextWindows,
    random: inout Xoshiro256StarStar, loss: TrainedLoss, model: Model,
    workspace: inout Workspace, state: TrainedLoss.State, learningRate: Float
  ) {
    windows.forEachWindow(in: sentence, using: &random) { nextCentre, enteringContext in
      loss.prefetch(centre: nextCentre, context: enteringContext, model: model)
    } _: { centre, contexts in
      loss.train(
        centre: centre, contexts: contexts, model: model, workspace: &workspace, state: state,
        learningRate: learningRate)
    }
  }

  /// False once any worker has seen a non-finite loss, the time budget is spent, the worker
  /// paused for a checkpoint, or a stop was requested that it cannot pause for: the pass then
  /// stops reading at its next chunk.
  var wantsMore: Bool {
    !(progress.diverged.load(ordering: .relaxed) || progress.outOfTime.load(ordering: .relaxed)
      || pausedAt != nil || (!pausable && stop?.isRequested == true))
  }

  /// How a worker's pass ended: its position (paused, or finished with its shard), or nil
  /// when it stopped where no position can be kept (divergence, the time budget, a stop it
  /// could not pause for); and the held-out sentences it collected.
  struct End: Sendable {
    var position: WorkerPosition?
    var heldOut: [[Int32]]
  }

  /// How the pass ended, read once the shard is done.
  var end: End {
    let position =
      pausedAt
      ?? (wantsMore ? position(finished: true, streamRandom: workspaceBox.workspace.random) : nil)
    return End(position: position, heldOut: heldOut)
  }

  /// The worker's position now; `streamRandom` is the stream's generator, which the stream
  /// owns.
  func position(finished: Bool, streamRandom: Xoshiro256StarStar) -> WorkerPosition {
    WorkerPosition(
      finished: finished, sentences: sentences, streamRandom: streamRandom,
      lossRandom: workspaceBox.workspace.random, heldOut: heldOut)
  }

  mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>) {
    guard wantsMore else { return }
    sentences += 1
    guard collectsHeldOut, heldOutWords < heldOutCap else { return }
    heldOut.append(Array(sentence))
    heldOutWords += sentence.count
  }

  /// Publishes words and loss, and takes the learning rate for global progress.
  mutating func publish() {
    loss.flush(
      model: model, workspace: &workspaceBox.workspace, state: lossState, learningRate: learningRate
    )
    let (lossSum, lossCount) = (workspaceBox.workspace.lossSum, workspaceBox.workspace.lossCount)
    progress.publish(
      words: unpublishedWords, lossSum: lossSum - publishedLoss.sum,
      lossCount: lossCount - publishedLoss.count)
    publishedLoss = (lossSum, lossCount)
    unpublishedWords = 0
    learningRate = schedule.rate(afterWords: progress.wordsSeen.load(ordering: .relaxed))
    if schedule.budget?.isSpent == true { progress.outOfTime.store(true, ordering: .relaxed) }
  }
}
