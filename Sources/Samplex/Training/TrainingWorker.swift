import Synchronization

/// One worker's consumer of sentences: forms the windows, trains each through the loss, keeps
/// the learning rate in step with global progress and publishes its figures.
struct TrainingWorker<Loss: TrainingLoss>: SentenceConsumer {
  let loss: Loss
  let model: Model
  let schedule: LearningRateSchedule
  let progress: TrainingProgress
  /// Set from outside to stop the run.
  let stop: StopRequest?
  var workspace: Workspace
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

  static var publishEvery: Int { 10_000 }

  init(
    loss: Loss, model: Model, schedule: LearningRateSchedule, progress: TrainingProgress,
    stop: StopRequest? = nil, workspace: Workspace, window: Int, heldOutCap: Int,
    collectsHeldOut: Bool
  ) {
    self.loss = loss
    self.model = model
    self.schedule = schedule
    self.progress = progress
    self.stop = stop
    self.workspace = workspace
    windows = ContextWindows(window: window)
    learningRate = schedule.rate(afterWords: progress.wordsSeen.load(ordering: .relaxed))
    self.heldOutCap = heldOutCap
    self.collectsHeldOut = collectsHeldOut
  }

  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    // Once any worker has seen a non-finite loss or a stop was requested, training stops within
    // one publishing interval (10,000 words), and reading at the next chunk. The budget's clock
    // is read once a sentence (tens of nanoseconds for tens of words), so that a slow loss (the
    // full softmax: minutes per interval at V = 10^6) ends on time too.
    if schedule.budget?.isSpent == true { progress.outOfTime.store(true, ordering: .relaxed) }
    if !wantsMore { return }
    let loss = self.loss
    let model = self.model
    let rate = learningRate
    var workspace = self.workspace
    windows.forEachWindow(in: sentence, using: &random) { centre, contexts in
      loss.train(
        centre: centre, contexts: contexts, model: model, workspace: &workspace, learningRate: rate)
    }
    self.workspace = workspace
    unpublishedWords += knownTokens
    if unpublishedWords >= Self.publishEvery { publish() }
  }

  /// False once any worker has seen a non-finite loss, a stop was requested or the time
  /// budget is spent: the pass then stops reading at its next chunk.
  var wantsMore: Bool {
    !(progress.diverged.load(ordering: .relaxed) || progress.outOfTime.load(ordering: .relaxed)
      || stop?.isRequested == true)
  }

  mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>) {
    guard collectsHeldOut, heldOutWords < heldOutCap else { return }
    heldOut.append(Array(sentence))
    heldOutWords += sentence.count
  }

  /// Publishes words and loss, and takes the learning rate for global progress.
  mutating func publish() {
    loss.flush(model: model, workspace: &workspace, learningRate: learningRate)
    progress.publish(
      words: unpublishedWords, lossSum: workspace.lossSum - publishedLoss.sum,
      lossCount: workspace.lossCount - publishedLoss.count)
    publishedLoss = (workspace.lossSum, workspace.lossCount)
    unpublishedWords = 0
    learningRate = schedule.rate(afterWords: progress.wordsSeen.load(ordering: .relaxed))
    if schedule.budget?.isSpent == true { progress.outOfTime.store(true, ordering: .relaxed) }
  }
}
