/// word2vec's linear decay: the rate falls from `start` to `end` over the run's words, by
/// global progress (all workers' words together).
public struct LearningRateSchedule: Sendable {
  public let start: Float
  public let end: Float
  /// Words in the whole run: epochs × words of the corpus known to the vocabulary.
  public let totalWords: Int

  public init(start: Float, end: Float, totalWords: Int) {
    self.start = start
    self.end = end
    self.totalWords = max(totalWords, 1)
  }

  /// The rate after `wordsSeen` words.
  @inlinable
  public func rate(afterWords wordsSeen: Int) -> Float {
    let progress = min(Float(Double(wordsSeen) / Double(totalWords)), 1)
    return max(start - (start - end) * progress, end)
  }
}
