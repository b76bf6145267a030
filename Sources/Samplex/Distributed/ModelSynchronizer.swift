import Foundation
import Synchronization

/// Keeps the models of processes that train together (`mpirun`) one model, as pWord2Vec does:
/// each process trains its own copy on its part of the corpus (Hogwild threads inside it), and
/// at each synchronization every process's copy becomes the model they last agreed on plus the
/// mean of all their changes since then (`AgreedModel`; each process trains at N times the
/// run's rate, `LearningRateSchedule`): every row of the input and output tables and the
/// biases every `interval` seconds or once a process has trained its share of `words` (1/N of
/// them), whichever comes first, the hot rows (`SyncTiers`, the most frequent words')
/// `SyncTiers.syncsPerInterval` times as often, and every row once more when every process has
/// ended its pass of an epoch, which leaves every process the same model. At the same points
/// the processes add up the words they trained, so that each one's learning rate decays by the
/// words of all (`TrainingProgress.wordsSeen` counts them all), and the examples (their
/// `examplesSeen`, so that process 0's metrics give every process's examples a second, as its
/// words a second), and agree on pausing: once
/// process 0's checkpoint timer is due or any process's stop was requested, every process's
/// workers pause at the same synchronization (`during`'s `pause`), so that the processes end the
/// pass together and a checkpoint holds one model and every process's place.
public final class ModelSynchronizer: Sendable {
  package let group: any ProcessGroup
  /// Seconds between synchronizations of every row; nil: by words alone.
  package let interval: Double?
  /// Words of all processes between synchronizations of every row; nil: by seconds alone.
  package let words: Int?
  /// Words the other processes trained, added to this process's progress so far.
  private let othersWords = Atomic<Int>(0)
  /// Examples the other processes trained, added to this process's count so far.
  private let othersExamples = Atomic<Int>(0)
  /// Set on every process at the same synchronization once any process's stop was requested.
  private let agreedStop = StopRequest()
  /// The model as the processes last agreed on it, kept from pass to pass (it doubles the
  /// tables' memory); made at the first pass.
  private let agreed = Mutex<AgreedModel?>(nil)

  package init(group: any ProcessGroup, interval: Double?, words: Int? = nil) {
    precondition(interval != nil || words != nil, "an interval in seconds, words or both")
    precondition((interval ?? 1) > 0 && (words ?? 1) > 0, "a synchronization interval above 0")
    self.group = group
    self.interval = interval
    self.words = words
  }

  /// Words this process trains between two synchronizations (of the hot rows): its share of
  /// `words`, at least 1; nil without `words`.
  private var wordsPerSync: Int? {
    words.map { max($0 / (group.size * SyncTiers.syncsPerInterval), 1) }
  }

  /// Whether the processes agree on pauses and stops at synchronizations (`pauseRequest`,
  /// `stopRequest`); one process acts on its own stop request and timer.
  var agreesOnPauses: Bool { group.size > 1 }

  /// A request for one pass's workers to pause, set by `during` on every process at the same
  /// synchronization; nil for one process, whose workers read its own stop request and timer.
  func pauseRequest() -> StopRequest? { agreesOnPauses ? StopRequest() : nil }

  /// The stop request a run acts on between passes: the one the processes agreed on at a
  /// synchronization (so that every process stops at the same point), or this process's own.
  func stopRequest(_ own: StopRequest?) -> StopRequest? { agreesOnPauses ? agreedStop : own }

  /// Whether any process passed true: the processes then take the same way after a pass.
  func anyProcess(_ flags: [Bool]) -> [Bool] {
    var counts = flags.map { $0 ? 1.0 : 0 }
    counts.withUnsafeMutableBufferPointer { group.sum($0) }
    return counts.map { $0 > 0 }
  }

  /// Runs `pass` (this process's part of an epoch) while a thread synchronizes `model` with
  /// the other processes, until every process has ended its pass; with one process, `pass`
  /// alone (there is nothing to synchronize). `layer` says which output rows are hot
  /// (`SyncTiers`). At each synchronization the processes share
  /// whether `stop` was requested and (process 0's) `timer` is due; once either is, `pause`
  /// (the workers' stop request, from `pauseRequest`) is set on every process.
  func during<Result>(
    model: Model, layer: OutputLayer = .softmax, progress: TrainingProgress,
    stop: StopRequest? = nil, timer: CheckpointTimer? = nil, pause: StopRequest? = nil,
    _ pass: () throws -> Result
  ) rethrows -> Result {
    guard group.size > 1 else { return try pass() }
    let passEnded = PassEnd()
    let agreed = agreedModel(startingFrom: model)
    let tiers = SyncTiers(vocabularySize: model.vocabularySize, layer: layer)
    // Read before the pass begins: every word it publishes is then sent at a synchronization.
    let wordsBefore = localWords(progress)
    let examplesBefore = localExamples(progress)
    let requests = PauseRequests(stop: stop, timer: group.rank == 0 ? timer : nil, pause: pause)
    // A stop requested before the pass (a signal while the previous one ended, or before the
    // run began) is agreed on before any worker starts, so that every process pauses at its
    // workers' first publishing point rather than after its whole part.
    var asked = [stop?.isRequested == true ? 1.0 : 0]
    asked.withUnsafeMutableBufferPointer { group.sum($0) }
    if asked[0] > 0 {
      agreedStop.request()
      pause?.request()
    }
    let syncing = Thread { [self] in
      synchronize(
        model: model, agreed: agreed, tiers: tiers, progress: progress,
        from: (wordsBefore, examplesBefore), requests: requests, until: passEnded)
      passEnded.synchronized.signal()
    }
    syncing.start()
    // However the pass ends, the thread goes on until every process has ended its own.
    defer {
      passEnded.end()
      passEnded.synchronized.wait()
    }
    return try pass()
  }

  /// The model the processes agree on at the start of a pass, where every process's `model` is
  /// the same (the seed, a checkpoint or the previous pass's last synchronization).
  private func agreedModel(startingFrom model: Model) -> AgreedModel {
    agreed.withLock { agreed in
      if let kept = agreed, kept.fits(model) {
        kept.reset(to: model)
        return kept
      }
      let made = AgreedModel(copying: model)
      agreed = made
      return made
    }
  }

  /// The synchronizing thread's loop: waits out the short interval (or the end of this
  /// process's pass), then adds up the words and synchronizes the rows `tiers` names; ends
  /// once every process has ended its pass, with every row synchronized after the last word of
  /// all.
  private func synchronize(
    model: Model, agreed: AgreedModel, tiers: SyncTiers, progress: TrainingProgress,
    from before: (words: Int, examples: Int), requests: PauseRequests, until passEnded: PassEnd
  ) {
    var lastLocal = before.words
    var lastLocalExamples = before.examples
    var wordsAtRowSync = before.words
    var everyProcessEnded = false
    var syncs = 0
    while !everyProcessEnded {
      let due = waitInterval(
        until: passEnded, requests: requests, progress: progress, from: wordsAtRowSync)
      // Read before the words, so that a pass seen ended has published all of its words.
      let ended = passEnded.hasEnded
      let local = localWords(progress)
      let examples = localExamples(progress)
      var status = [
        Double(local - lastLocal), ended ? 1 : 0, requests.stop?.isRequested == true ? 1 : 0,
        requests.timer?.isDue == true ? 1 : 0, Double(examples - lastLocalExamples),
        due ? 1 : 0,
      ]
      status.withUnsafeMutableBufferPointer { group.sum($0) }
      if status[2] > 0 { agreedStop.request() }
      if status[2] > 0 || status[3] > 0 { requests.pause?.request() }
      let others = Int(status[0]) - (local - lastLocal)
      othersWords.add(others, ordering: .relaxed)
      progress.wordsSeen.add(others, ordering: .relaxed)
      lastLocal = local
      let othersNewExamples = Int(status[4]) - (examples - lastLocalExamples)
      othersExamples.add(othersNewExamples, ordering: .relaxed)
      progress.examplesSeen.add(othersNewExamples, ordering: .relaxed)
      lastLocalExamples = examples
      everyProcessEnded = Int(status[1]) == group.size
      // Rows go once any process's interval is due, and after every process's pass ended;
      // otherwise the round only shared the words and the requests.
      guard status[5] > 0 || everyProcessEnded else { continue }
      wordsAtRowSync = local
      syncs += 1
      let rows = tiers.rows(atSync: syncs, last: everyProcessEnded)
      agreed.synchronize(
        model, rows: rows.input, outputRows: rows.output, group: group,
        workersRunning: !everyProcessEnded)
    }
  }

  /// Waits for this process's next synchronization and says whether its rows are due: after
  /// `interval` / `SyncTiers.syncsPerInterval` seconds, or once it trained `wordsPerSync` words
  /// since it had trained `words`. Returns sooner once its pass ends or its stop is requested
  /// before the processes agreed to pause (a signal `mpirun` passes on to every process leaves
  /// them little time before it kills them, so they synchronize at once). By words alone, it
  /// also returns every `heartbeat` seconds with no rows due, so that the processes still share
  /// their words, stops and checkpoint timers while a share of the words takes long (or never
  /// comes: a process whose pass ended trains none).
  private func waitInterval(
    until passEnded: PassEnd, requests: PauseRequests, progress: TrainingProgress,
    from words: Int
  ) -> Bool {
    let now = DispatchTime.now()
    let deadline = interval.map { now + $0 / Double(SyncTiers.syncsPerInterval) }
    let wake = deadline ?? now + Self.heartbeat
    // Words are looked at every 5 ms: a fraction of a short interval at millions a second.
    let step = wordsPerSync == nil ? 0.05 : 0.005
    while passEnded.woken.wait(timeout: min(wake, .now() + step)) == .timedOut {
      if DispatchTime.now() >= wake { break }
      if let share = wordsPerSync, !passEnded.hasEnded, localWords(progress) - words >= share {
        return true
      }
      if requests.stop?.isRequested == true, requests.pause?.isRequested == false { break }
    }
    // On a schedule by seconds every round synchronizes rows, as the interval's end does.
    return deadline != nil
  }

  /// Seconds between the rounds of a schedule by words alone that share only the words and
  /// requests: short enough that a stop or checkpoint waits little, long enough that a
  /// process whose share came first waits little in the sum for the others.
  private static let heartbeat = 0.02

  /// The words this process trained: all that `progress` counts but the others' words.
  private func localWords(_ progress: TrainingProgress) -> Int {
    progress.wordsSeen.load(ordering: .relaxed) - othersWords.load(ordering: .relaxed)
  }

  /// The examples this process trained: all that `progress` counts but the others' examples.
  private func localExamples(_ progress: TrainingProgress) -> Int {
    progress.examplesSeen.load(ordering: .relaxed) - othersExamples.load(ordering: .relaxed)
  }

  /// A 64-bit hash of every value of `model`'s tables, bit for bit: equal on processes whose
  /// models are equal.
  package static func checksum(of model: Model) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for table in [model.input, model.output, model.bias] {
      table.withValues { values in
        for value in values { hash = (hash ^ UInt64(value.bitPattern)) &* 0x0000_0100_0000_01B3 }
      }
    }
    return hash
  }
}

/// What a synchronization asks each process (whether its stop was requested, whether its
/// checkpoint timer is due) and the pause it sets when any says yes.
private struct PauseRequests: Sendable {
  let stop: StopRequest?
  let timer: CheckpointTimer?
  let pause: StopRequest?
}

/// How the synchronizing thread learns that this process's pass ended, and the pass that the
/// thread is done.
private final class PassEnd: Sendable {
  private let ended = Atomic<Bool>(false)
  let woken = DispatchSemaphore(value: 0)
  let synchronized = DispatchSemaphore(value: 0)

  var hasEnded: Bool { ended.load(ordering: .acquiring) }

  func end() {
    ended.store(true, ordering: .releasing)
    woken.signal()
  }
}
