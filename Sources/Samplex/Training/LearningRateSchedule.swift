/// word2vec's linear decay: the rate falls from `start` to `end` over the run's words, by
/// global progress (all workers' words together).
///
/// With a time budget, progress is the larger of the share of words seen and the share of the
/// budget spent, so that a run cut by its budget still ends at `end` (the rate is read only at
/// each worker's publishing point, every `PublishingInterval.words(for:)` words, so the clock
/// costs nothing per word).
package struct LearningRateSchedule: Sendable {
  package let start: Float
  package let end: Float
  /// Words in the whole run: epochs × words of the corpus known to the vocabulary.
  package let totalWords: Int
  package let budget: TimeBudget?

  package init(start: Float, end: Float, totalWords: Int, budget: TimeBudget? = nil) {
    self.start = start
    self.end = end
    self.totalWords = max(totalWords, 1)
    self.budget = budget
  }

  /// The share of the run done after `wordsSeen` words, 0…1.
  package func progress(afterWords wordsSeen: Int) -> Double {
    let words = min(Double(wordsSeen) / Double(totalWords), 1)
    return max(words, budget?.spent ?? 0)
  }

  /// The rate after `wordsSeen` words.
  package func rate(afterWords wordsSeen: Int) -> Float {
    let progress = Float(progress(afterWords: wordsSeen))
    return max(start - (start - end) * progress, end)
  }
}
