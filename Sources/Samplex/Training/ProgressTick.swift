/// One progress report: what the live line shows and `metrics.jsonl` records.
public struct ProgressTick: Sendable, Equatable {
  public var epoch: Int
  public var seconds: Double
  /// Share of the run done, 0…1.
  public var progress: Double
  public var wordsSeen: Int
  /// Predictions trained so far (skip-gram pairs, CBOW windows).
  public var examplesSeen: Int
  /// Words per second over the last interval.
  public var wordsPerSecond: Double
  /// The mean loss of the predictions made in the last interval (nil when there were none).
  public var loss: Double?
  public var learningRate: Float
  /// Seconds left at the current speed.
  public var secondsLeft: Double
  /// The held-out exact cross-entropy, on the tick that ends an epoch.
  public var heldOutCrossEntropy: Double?
}
