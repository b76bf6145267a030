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

  /// The run's rates from `options` over `totalWords`. Each of `processes` training together
  /// (`mpirun`) takes N times the rates, N their number: their synchronizations move the model
  /// by the mean of their changes (`AgreedModel`), so that a row that changes slowly moves by
  /// the sum of their steps at the run's rates.
  package init(_ options: TrainingOptions, totalWords: Int, processes: Int = 1) {
    let scale = Float(processes)
    self.init(
      start: options.startingLearningRate * scale, end: options.endingLearningRate * scale,
      totalWords: totalWords, budget: options.timeBudget.map { TimeBudget(seconds: $0) })
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
