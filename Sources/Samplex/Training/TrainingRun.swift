/// What a finished training run leaves: the model and the figures of each epoch.
public struct TrainingRun: Sendable {
  public let model: Model
  public let vocabulary: Vocabulary
  /// The held-out exact cross-entropy after each epoch (empty without held-out pairs).
  public let heldOutCrossEntropy: [Double]
  public let heldOutPairs: Int
  public let seconds: Double
  /// Vocabulary words processed over all epochs of this run (a resumed run counts from its
  /// checkpoint).
  public let wordsSeen: Int
  /// Predictions trained over all epochs of this run (skip-gram pairs, CBOW windows).
  public let examplesSeen: Int
  /// Seconds in which one worker trained alone, the others waiting, because together they
  /// had measured slower (`WorkerPacing`; 0 with one worker).
  public var secondsAlone = 0.0
  public var wordsPerSecond: Double { seconds > 0 ? Double(wordsSeen) / seconds : 0 }
  public var examplesPerSecond: Double { seconds > 0 ? Double(examplesSeen) / seconds : 0 }
}
