import Dispatch
import Foundation
import Synchronization

/// Wakes every `interval` seconds while training runs and reports the figures of the last
/// interval: a true windowed average loss, never a cumulative one.
final class ProgressReporter: Sendable {
  private let progress: TrainingProgress
  private let schedule: LearningRateSchedule
  private let interval: Double
  private let report: @Sendable (ProgressTick) -> Void
  private let stop = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)
  private let state = Mutex((epoch: 0, lastWords: 0, lastTime: 0.0))
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

  func startTicking() {
    Thread { [self] in
      while stop.wait(timeout: .now() + interval) == .timedOut { report(tick()) }
      done.signal()
    }.start()
  }

  func stopTicking() {
    stop.signal()
    done.wait()
  }

  /// The figures since the last tick.
  func tick(heldOutCrossEntropy: Double? = nil) -> ProgressTick {
    let words = progress.wordsSeen.load(ordering: .relaxed)
    let now = elapsed
    let (epoch, lastWords, lastTime) = state.withLock { state in
      defer {
        state.lastWords = words
        state.lastTime = now
      }
      return state
    }
    let loss = progress.takeLoss()
    let speed = now > lastTime ? Double(words - lastWords) / (now - lastTime) : 0
    let overallSpeed = now > 0 ? Double(words) / now : 0
    return ProgressTick(
      epoch: epoch, seconds: now, progress: schedule.progress(afterWords: words),
      wordsSeen: words, examplesSeen: progress.examplesSeen.load(ordering: .relaxed),
      wordsPerSecond: speed,
      loss: loss.count > 0 ? loss.sum / Double(loss.count) : nil,
      learningRate: schedule.rate(afterWords: words),
      secondsLeft: overallSpeed > 0
        ? Double(max(schedule.totalWords - words, 0)) / overallSpeed : 0,
      heldOutCrossEntropy: heldOutCrossEntropy)
  }
}
