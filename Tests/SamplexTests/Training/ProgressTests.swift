import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Samplex

/// What a run reports of its progress: the time left under a time budget, words per second only
/// over intervals that trained words, a live line that fits the terminal, and the bytes the
/// vocabulary's counting pass has read.
@Suite struct ProgressTests {
  /// A tick with every field.
  private let full = ProgressTick(
    epoch: 3, seconds: 12, progress: 0.5, wordsSeen: 1_000_000, examplesSeen: 4_000_000,
    wordsPerSecond: 123_456, loss: 2.5, learningRate: 0.0125, secondsLeft: 82,
    heldOutCrossEntropy: 7.25)

  /// The time left is whichever ends first: the budget's seconds or the epochs' at the speed.
  @Test func theTimeLeftIsTheBudgetsOrTheEpochsWhicheverEndsFirst() {
    #expect(ProgressReporter.secondsLeft(wordsLeft: 82_000, speed: 1000, budgetLeft: 3) == 3)
    #expect(ProgressReporter.secondsLeft(wordsLeft: 2000, speed: 1000, budgetLeft: 3) == 2)
    #expect(ProgressReporter.secondsLeft(wordsLeft: 82_000, speed: 1000, budgetLeft: nil) == 82)
    #expect(ProgressReporter.secondsLeft(wordsLeft: 82_000, speed: 0, budgetLeft: 3) == 3)
    #expect(ProgressReporter.secondsLeft(wordsLeft: 82_000, speed: 0, budgetLeft: nil) == nil)
  }

  /// An interval that trained no word has no speed (not a 0), and its metrics line leaves the
  /// key out; a resumed run's earlier words are not counted as this session's speed.
  @Test func anIntervalWithoutTrainingHasNoSpeed() throws {
    let progress = TrainingProgress()
    progress.wordsSeen.store(5_000_000, ordering: .relaxed)
    let reporter = ProgressReporter(
      progress: progress,
      schedule: LearningRateSchedule(start: 0.025, end: 0.0000025, totalWords: 10_000_000),
      interval: 1000, report: { _ in })
    reporter.startTicking()
    defer { reporter.stopTicking() }
    Thread.sleep(forTimeInterval: 0.05)
    progress.publish(words: 1000, lossSum: 5, lossCount: 10)
    let trained = reporter.tick()
    let speed = try #require(trained.wordsPerSecond)
    // 1,000 words in at least 0.05 s: at most 20,000 a second, not the 5,001,000 seen.
    #expect(speed > 0 && speed <= 1000 / 0.05)
    #expect(MetricsFile.line(for: trained).contains("\"words_per_second\":"))
    let idle = reporter.tick()
    #expect(idle.wordsPerSecond == nil && idle.loss == nil)
    let line = MetricsFile.line(for: idle)
    #expect(!line.contains("words_per_second") && line.contains("\"words\":5001000"))
    #expect(!ProgressLine.text(of: idle).contains("words/s"))
  }

  /// Every field, in order, when the width allows.
  @Test func aWideLineShowsEveryField() {
    let text =
      "epoch 3   50.0%  123456 words/s  lr 0.01250  eta 82 s  loss 2.5000  held-out CE 7.2500"
    #expect(ProgressLine.text(of: full) == text)
    #expect(ProgressLine.text(of: full, width: text.count) == text)
  }

  /// A narrow terminal drops whole fields, the learning rate first, then the speed, the time
  /// left and the loss; what is left is whole fields in their order, never a cut number.
  @Test(arguments: [86, 85, 70, 60, 45, 30, 20, 16, 10, 1])
  func aNarrowLineDropsTheLeastImportantFields(width: Int) {
    let text = ProgressLine.text(of: full, width: width)
    let fields = text.components(separatedBy: "  ").filter { !$0.isEmpty }
    let all = ProgressLine.text(of: full).components(separatedBy: "  ").filter { !$0.isEmpty }
    #expect(text.count <= max(width, "epoch 3".count), "\(text)")
    #expect(fields.allSatisfy(all.contains), "\(text)")
    #expect(all.filter(fields.contains) == fields)
    #expect(text.hasPrefix("epoch 3"))
    let dropOrder = ["lr 0.01250", "123456 words/s", "eta 82 s", "loss 2.5000"]
    let dropped = all.filter { !fields.contains($0) }
    if let last = dropped.last(where: dropOrder.contains), let rank = dropOrder.firstIndex(of: last)
    {
      #expect(dropOrder.prefix(rank).allSatisfy(dropped.contains), "\(text)")
    }
    switch width {
    case 86...: #expect(text == ProgressLine.text(of: full))
    case 60: #expect(text == "epoch 3   50.0%  eta 82 s  loss 2.5000  held-out CE 7.2500")
    case 30: #expect(text == "epoch 3   50.0%")
    case ..<16: #expect(text == "epoch 3")
    default: break
    }
  }

  /// The counting pass adds every byte its readers give: the file's size for plain text,
  /// counted by one reader or by shards, and the text's for a `.zst`.
  @Test(arguments: [1, 3])
  func theCountingPassCountsTheBytesItReads(workers: Int) throws {
    let plain = Fixtures.data("tiny/kjv-head.txt")
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: plain)[.size] as? Int)
    var options = TrainingOptions()
    options.workers = workers
    options.minCount = 1
    for path in [plain, Fixtures.data("tiny/kjv-head.txt.zst")] {
      let bytesRead = BytesRead()
      _ = try VocabularyBuilder.vocabulary(
        of: TextSource(path: path), options: options, bytesRead: bytesRead)
      #expect(bytesRead.total == size, "\(path)")
    }
  }
}
