import Dispatch
import Foundation
import Synchronization

/// Wakes every `interval` seconds while training runs and reports the figures of the last
/// interval: a true windowed average loss, never a cumulative one, and the words per second of
/// the words trained in it (none when it trained none). Speeds count only the words of this
/// session: a resumed run's earlier words were not trained in its time.
final class ProgressReporter: Sendable {
  private let progress: TrainingProgress
  private let schedule: LearningRateSchedule
  private let interval: Double
  private let report: @Sendable (ProgressTick) -> Void
  private let stop = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)
  private let state = Mutex((epoch: 0, firstWords: 0, lastWords: 0, lastTime: 0.0))
  /// Held while a tick is taken and reported: ticks reach `report` in the order taken.
  private let reporting = Mutex(())
  private let start = DispatchTime.now()

  init(
    progress: TrainingProgress, schedule: LearningRateSchedule, interval: Double,
    report: @escaping @Sendable (ProgressTick) -> Void
  ) {
    self.progress = progress
    self.schedule = schedule
    self.interval = interval
    self.report = report
  }

  var elapsed: Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  func begin(epoch: Int) { state.withLock { $0.epoch = epoch } }

  /// Starts the ticks; the words seen by then (a resumed run's) are not this session's.
  func startTicking() {
    let words = progress.wordsSeen.load(ordering: .relaxed)
    state.withLock {
      $0.firstWords = words
      $0.lastWords = words
    }
    Thread { [self] in
      while stop.wait(timeout: .now() + interval) == .timedOut {
        reporting.withLock { _ in report(tick()) }
      }
      done.signal()
    }.start()
  }

  func stopTicking() {
    stop.signal()
    done.wait()
  }

  /// Reports the figures since the last tick with the held-out cross-entropy `measure` gives:
  /// the figures are taken first, so that their speed is the training's and not slowed by the
  /// evaluation, and no other tick is reported in between.
  func reportMeasured(_ measure: () -> Double?) {
    reporting.withLock { _ in
      var tick = tick()
      tick.heldOutCrossEntropy = measure()
      report(tick)
    }
  }

  /// The figures since the last tick.
  func tick() -> ProgressTick {
    let words = progress.wordsSeen.load(ordering: .relaxed)
    let now = elapsed
    let (epoch, firstWords, lastWords, lastTime) = state.withLock { state in
      defer {
        state.lastWords = words
        state.lastTime = now
      }
      return state
    }
    let loss = progress.takeLoss()
    let overallSpeed = now > 0 ? Double(words - firstWords) / now : 0
    return ProgressTick(
      epoch: epoch, seconds: now, progress: schedule.progress(afterWords: words),
      wordsSeen: words, examplesSeen: progress.examplesSeen.load(ordering: .relaxed),
      wordsPerSecond: words > lastWords && now > lastTime
        ? Double(words - lastWords) / (now - lastTime) : nil,
      loss: loss.count > 0 ? loss.sum / Double(loss.count) : nil,
      learningRate: schedule.rate(afterWords: words),
      secondsLeft: Self.secondsLeft(
        wordsLeft: max(schedule.totalWords - words, 0), speed: overallSpeed,
        budgetLeft: schedule.budget?.remaining))
  }

  /// Seconds until the run ends: the epochs' `wordsLeft` at `speed` words a second, or the
  /// budget's `budgetLeft` seconds, whichever ends first; nil when neither can be told (no
  /// budget, no speed yet).
  static func secondsLeft(wordsLeft: Int, speed: Double, budgetLeft: Double?) -> Double? {
    let epochsLeft = speed > 0 ? Double(wordsLeft) / speed : nil
    switch (epochsLeft, budgetLeft) {
    case (let epochs?, let budget?): return min(epochs, budget)
    case (let epochs?, nil): return epochs
    case (nil, let budget?): return budget
    case (nil, nil): return nil
    }
  }
}
