import Foundation
import Samplex
import Synchronization
import TestSupport
import Testing

@Suite struct TimeBudgetTests {
  /// A run of 10,000 epochs cut by a half-second budget ends early, with the rate at its end;
  /// every tick's time left is within the budget's, and the last (at 100%) says none is left,
  /// not the epochs' hours.
  @Test func aTimeBudgetEndsTheRunWithTheRateAtItsEnd() throws {
    var options = TrainingOptions()
    options.dimensions = 8
    options.workers = 1
    options.epochs = 10_000
    options.timeBudget = 0.5
    options.progressInterval = 0.1
    let source = try TextSource(path: Fixtures.data("tiny/kjv-head.txt"))
    let (builder, _) = try VocabularyBuilder.counting(source, options: TokenizerOptions())
    let vocabulary = try builder.build(minCount: 2, corpus: source.path)
    let ticks = Mutex<[ProgressTick]>([])
    let run = try TrainerFactory.train(
      options: options, source: source, vocabulary: vocabulary,
      report: { tick in ticks.withLock { $0.append(tick) } })
    #expect(run.wordsSeen < options.epochs * Int(vocabulary.totalCount))
    #expect(run.wordsSeen > 0 && run.examplesSeen > 0)
    let reported = ticks.withLock { $0 }
    #expect(reported.count >= 2)
    for tick in reported {
      let left = try #require(tick.secondsLeft)
      #expect(left <= max(0.5 - tick.seconds, 0), "\(tick)")
    }
    let measured = try #require(reported.last { $0.heldOutCrossEntropy != nil })
    #expect(measured.progress == 1 && measured.secondsLeft == 0)
    let schedule = LearningRateSchedule(
      start: 0.025, end: 0.0000025, totalWords: 1_000_000, budget: TimeBudget(seconds: 1e-9))
    #expect(schedule.rate(afterWords: 0) == 0.0000025)
  }
}
