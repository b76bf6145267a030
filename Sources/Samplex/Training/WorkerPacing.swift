import Foundation
import Synchronization

/// Decides, while a pass trains, whether its workers run together or one alone: now and then
/// it measures the words trained per second both ways and keeps the faster for a while.
///
/// Why: two workers write many of the same rows (frequent words, as outputs and as contexts),
/// and on some hosts a cache line moving between the two CPUs at times takes five times as
/// long as usual, for seconds to minutes; then two CBOW workers train slower than one
/// (Benchmarks/history/workers.md). Measuring the throughput, not the hand-off, keeps two workers
/// wherever they still gain, whatever the loss and the model.
final class WorkerPacing: Sendable {
  /// How long measurements and holds last.
  struct Timing: Sendable, Equatable {
    /// Seconds each rate is measured over, and allowed for the others to stop first.
    var measurement = 0.2
    var settling = 0.01
    /// Alone must train this much faster than together to be kept, each measurement having
    /// counted at least `leastWords`: workers publish every 10,000 words at word2vec's cost,
    /// so fewer would be mostly chance. A costlier loss publishes more often
    /// (`PublishingInterval`), which makes its counts finer, but trains far fewer words a
    /// second, so it keeps its workers together (the full softmax, a large S).
    var margin = 1.15
    var leastWords = 100_000
    /// Seconds of training before the next measurement, after together won (doubling with
    /// each win in a row up to the longest) and after alone won (the same): long enough that
    /// measuring costs little, short enough to follow the host's spells.
    var togetherFirst = 1.0
    var togetherLongest = 4.0
    var aloneFirst = 2.0
    var aloneLongest = 8.0
  }

  /// How the workers run between measurements, and for how long; carried from pass to pass,
  /// so that an epoch goes on the way the last one ended.
  private struct Plan {
    var alone = false
    var togetherHold: Double
    var aloneHold: Double
    /// When the next measurement is due (seconds on `WorkerPacing.clock`): a pass that ends
    /// inside a hold or a measurement leaves it due, and the next pass starts from there.
    var measureAt: Double?
  }

  private let progress: TrainingProgress
  private let timing: Timing
  private let plan: Mutex<Plan>
  /// Seconds one worker trained alone after alone won a measurement.
  private let aloneTime = Mutex(0.0)

  init(progress: TrainingProgress, timing: Timing = Timing()) {
    self.progress = progress
    self.timing = timing
    plan = Mutex(Plan(togetherHold: timing.togetherFirst, aloneHold: timing.aloneFirst))
  }

  /// Seconds one worker trained alone, the others waiting, over every pass so far.
  var secondsAlone: Double { aloneTime.withLock { $0 } }

  /// Runs `pass` with a controller thread setting `gate` until the pass returns.
  func pacing<Result>(_ gate: WorkerGate, _ pass: () throws -> Result) rethrows -> Result {
    let finished = Flag()
    let done = DispatchSemaphore(value: 0)
    let controller = Thread { [self] in
      control(gate, until: finished)
      done.signal()
    }
    controller.start()
    defer {
      finished.value.store(true, ordering: .relaxed)
      done.wait()
      gate.runAll()
    }
    return try pass()
  }

  /// Set once the pass has returned.
  private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
  }

  private func control(_ gate: WorkerGate, until finished: Flag) {
    while true {
      let now = plan.withLock { plan in
        if plan.measureAt == nil { plan.measureAt = Self.clock() + plan.togetherHold }
        return plan
      }
      let hold = max(0, now.measureAt! - Self.clock())
      if now.alone, gate.runOneAlone() {
        let start = Self.clock()
        let whole = nap(hold, until: finished)
        aloneTime.withLock { $0 += Self.clock() - start }
        guard whole else { return }
        gate.runAll()
      } else {
        guard nap(hold, until: finished) else { return }
      }
      guard let togetherRate = rate(until: finished) else { return }
      guard gate.runOneAlone() else {
        plan.withLock { $0.measureAt = nil }
        continue
      }
      // The others stop at their next publication (an interval is at most 10,000 words and
      // about 10,000 × 128 output rows' work: milliseconds at word2vec's cost).
      guard nap(timing.settling, until: finished), let aloneRate = rate(until: finished) else {
        return
      }
      let least = Double(timing.leastWords) / timing.measurement
      let alone = min(togetherRate, aloneRate) >= least && aloneRate > timing.margin * togetherRate
      if !alone { gate.runAll() }
      plan.withLock { plan in
        // Each win in a row lengthens its hold; the other way's starts again from its first.
        if alone {
          plan.aloneHold =
            plan.alone ? min(2 * plan.aloneHold, timing.aloneLongest) : timing.aloneFirst
          plan.togetherHold = timing.togetherFirst
        } else {
          plan.togetherHold =
            plan.alone ? timing.togetherFirst : min(2 * plan.togetherHold, timing.togetherLongest)
          plan.aloneHold = timing.aloneFirst
        }
        plan.alone = alone
        plan.measureAt = Self.clock() + (alone ? plan.aloneHold : plan.togetherHold)
      }
    }
  }

  /// Seconds on a monotonic clock.
  private static func clock() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
  }

  /// Words per second over one measurement, or nil when the pass ended during it.
  private func rate(until finished: Flag) -> Double? {
    let before = progress.wordsSeen.load(ordering: .relaxed)
    guard nap(timing.measurement, until: finished) else { return nil }
    return Double(progress.wordsSeen.load(ordering: .relaxed) - before) / timing.measurement
  }

  /// Sleeps `seconds` in steps of 10 ms; false as soon as the pass has ended.
  private func nap(_ seconds: Double, until finished: Flag) -> Bool {
    var left = seconds
    while left > 0 {
      if finished.value.load(ordering: .relaxed) { return false }
      let step = min(left, 0.01)
      usleep(UInt32(step * 1e6))
      left -= step
    }
    return !finished.value.load(ordering: .relaxed)
  }
}
