/// One progress report: what the live line shows and `metrics.jsonl` records.
public struct ProgressTick: Sendable, Equatable {
  public var epoch: Int
  public var seconds: Double
  /// Share of the run done, 0…1.
  public var progress: Double
  public var wordsSeen: Int
  /// Predictions trained so far (skip-gram pairs, CBOW windows).
  public var examplesSeen: Int
  /// Words per second over the last interval; nil when no word was trained in it (the interval
  /// went to a held-out evaluation, a checkpoint or the end of the run), whose rate would be a
  /// made-up 0.
  public var wordsPerSecond: Double?
  /// The mean loss of the predictions made in the last interval (nil when there were none).
  public var loss: Double?
  public var learningRate: Float
  /// Seconds left: under a time budget, until the budget or the epochs end, whichever comes
  /// first; otherwise until the epochs end at the run's speed so far. Nil before any word was
  /// trained without a budget.
  public var secondsLeft: Double?
  /// The held-out exact cross-entropy, on the tick that ends an epoch.
  public var heldOutCrossEntropy: Double?

  public init(
    epoch: Int, seconds: Double, progress: Double, wordsSeen: Int, examplesSeen: Int,
    wordsPerSecond: Double?, loss: Double?, learningRate: Float, secondsLeft: Double?,
    heldOutCrossEntropy: Double? = nil
  ) {
    self.epoch = epoch
    self.seconds = seconds
    self.progress = progress
    self.wordsSeen = wordsSeen
    self.examplesSeen = examplesSeen
    self.wordsPerSecond = wordsPerSecond
    self.loss = loss
    self.learningRate = learningRate
    self.secondsLeft = secondsLeft
    self.heldOutCrossEntropy = heldOutCrossEntropy
  }
}
