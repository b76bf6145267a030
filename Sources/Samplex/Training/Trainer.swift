import Foundation
import Synchronization

/// Trains a model on a corpus with one loss: epochs of parallel workers over the corpus's
/// shards (Hogwild updates of the shared tables), the learning rate decaying linearly by global
/// progress, and the held-out exact cross-entropy after every epoch.
///
/// Generic over the loss, so everything below `run` is monomorphic.
package struct Trainer<TrainedLoss: TrainingLoss> {
  package let options: TrainingOptions
  package let source: any Corpus
  package let vocabulary: Vocabulary
  package let loss: TrainedLoss
  /// Output rows a window can need (sampled losses: S + 1).
  package let maxOutputs: Int
  /// Words each worker trains between publications, from the loss's cost per example.
  package let publishingInterval: Int

  package init(
    options: TrainingOptions, source: any Corpus, vocabulary: Vocabulary, loss: TrainedLoss,
    maxOutputs: Int
  ) {
    self.options = options
    self.source = source
    self.vocabulary = vocabulary
    self.loss = loss
    self.maxOutputs = maxOutputs
    publishingInterval = PublishingInterval.words(for: loss)
  }

  /// Runs every epoch (or until `options.timeBudget` is spent); `report` gets a tick every
  /// `options.progressInterval` seconds and one at the end of each epoch with its held-out
  /// cross-entropy, and `monitor` the same ticks with the live model (read while the workers
  /// update it, as Hogwild readers do). With `checkpoints`, the state after each epoch is
  /// written there, and inside an epoch every `checkpointInterval` seconds and when `stop` is
  /// requested; with `resume`, the run continues from that state. A `spool` (of
  /// `options.workers` workers) is used instead of one of the run's own: the one the counting
  /// pass wrote (`VocabularyBuilder.vocabulary(of:options:spool:)`). With `initialVectors`, a
  /// new run's input rows of the words they hold start from them (a resume's come from its
  /// checkpoint). With a `synchronizer`, this process trains its part of the corpus together
  /// with the other processes of its group, the model synchronized with theirs as it goes: they
  /// pause and stop together (`ModelSynchronizer`), process 0 alone writes the checkpoints,
  /// with every process's positions, and a resume takes this process's.
  /// - Throws: `TrainingError.diverged` on a non-finite loss, `.interrupted` once a stop was
  ///   requested, `.checkpointMismatch` for a checkpoint of another run, or a reading or
  ///   writing error.
  package func run(
    checkpoints: CheckpointFolder? = nil, checkpointInterval: Double? = nil,
    resume: Checkpoint? = nil,
    stop: StopRequest? = nil, spool: IDSpool? = nil, initialVectors: InitialVectors? = nil,
    synchronizer: ModelSynchronizer? = nil,
    report: @escaping @Sendable (ProgressTick) -> Void = { _ in },
    monitor: (@Sendable (Model, ProgressTick) -> Void)? = nil
  ) throws -> TrainingRun {
    let options = self.options
    let model = Model(
      vocabularySize: vocabulary.count, dimensions: options.dimensions, seed: options.seed,
      outputBias: options.loss.initialOutputBias(vocabularySize: vocabulary.count))
    if resume == nil, let initialVectors {
      initialVectors.copy(into: model.input, vocabulary: vocabulary)
    }
    let schedule = LearningRateSchedule(
      options, totalWords: options.epochs * Int(vocabulary.totalCount),
      processes: synchronizer?.group.size ?? 1)
    let progress = TrainingProgress()
    let report: @Sendable (ProgressTick) -> Void =
      if let monitor {
        { tick in
          report(tick)
          monitor(model, tick)
        }
      } else {
        report
      }
    let reporter = ProgressReporter(
      progress: progress, schedule: schedule, interval: options.progressInterval, report: report)
    let stream = EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: options.subsample),
      tokenizerOptions: TokenizerOptions(lowercase: options.lowercase),
      heldOutShare: options.heldOutShare)
    // Workers can stop inside an epoch and go on later only when each reads the same part of
    // the corpus every time; otherwise checkpoints come at epoch ends only.
    let readsFixedParts = try Checkpoint.partsAreFixed(
      source: source, workers: options.workers, spool: spool)
    let pauseTimer =
      checkpoints != nil && readsFixedParts
      ? CheckpointTimer(seconds: checkpointInterval) : nil
    // Epochs replay the ids the counting pass or the first whole epoch spooled (nil: the text
    // every epoch).
    precondition(spool == nil || spool?.workers == options.workers, "one spool file per worker")
    let spool =
      spool ?? (options.spoolsIDs && options.epochs > 1 ? IDSpool(workers: options.workers) : nil)
    // Several workers run together or, where that is slower, one at a time.
    let pacing =
      options.workers > 1 && options.pacesWorkers
      ? WorkerPacing(progress: progress, timing: options.pacing) : nil
    // The processes training together (the group of one without them), and the stop request
    // the run acts on between passes: theirs agreed on, so that all stop at one point.
    let group = synchronizer?.group ?? SingleProcess()
    let runStop = synchronizer.map { $0.stopRequest(stop) } ?? stop
    var heldOut: HeldOutSet?
    var crossEntropies: [Double] = []
    var epoch = 0
    var part = 0
    var positions: [WorkerPosition]?
    if let resume {
      try resume.checkFits(
        options: options, vocabulary: vocabulary, readsFixedParts: readsFixedParts,
        processes: group.size)
      try resume.restore(into: model)
      progress.wordsSeen.store(resume.wordsSeen, ordering: .relaxed)
      heldOut = resume.heldOut
      crossEntropies = resume.crossEntropies
      (epoch, part) = (resume.epochsDone, resume.part)
      positions = resume.positions.isEmpty ? nil : resume.positions(ofProcess: group.rank)
    }
    var lastCheckpoint = resume.flatMap { resume in
      checkpoints.map { Checkpoint.path(in: $0, stamp: resume.stamp) }
    }
    // Every process's positions go to process 0, which writes the checkpoint; every process
    // then learns its path, and none goes on (or ends the job) before it is written. A write
    // that fails ends every process with process 0's error. It runs between passes, once every
    // process's synchronizing thread has ended (`ModelSynchronizer.during`), so that the main
    // threads alone call the group.
    func writeCheckpoint(epochsDone: Int, part: Int, positions: [WorkerPosition]) throws {
      guard let checkpoints else { return }
      let all = EncodedPositions(
        joining: group.gather(EncodedPositions(positions).message).map(
          EncodedPositions.init(message:)))
      var written = ""
      try group.agree {
        written = try Checkpoint.write(
          model: model, vocabulary: vocabulary, epochsDone: epochsDone, part: part,
          wordsSeen: progress.wordsSeen.load(ordering: .relaxed), heldOut: heldOut,
          crossEntropies: crossEntropies, positions: all, processes: group.size, to: checkpoints)
      }
      lastCheckpoint = String(decoding: group.broadcast(Array(written.utf8)), as: UTF8.self)
      pauseTimer?.restart()
    }
    // At an epoch's end (or where a budget cut it): the held-out set from the first epoch's
    // sentences, then its cross-entropy under the model, reported.
    func measureEpoch(_ ends: [TrainingWorker<TrainedLoss>.End]) {
      reporter.reportMeasured {
        if epoch == 0 { heldOut = collectedHeldOut(ends.map(\.heldOut)) }
        let crossEntropy = heldOut?.crossEntropy(model: model, layer: loss.outputLayer)
        if let crossEntropy { crossEntropies.append(crossEntropy) }
        return crossEntropy
      }
    }
    reporter.startTicking()
    defer { reporter.stopTicking() }
    while epoch < options.epochs {
      reporter.begin(epoch: epoch + 1)
      let ends = try runEpoch(
        epoch, from: positions, stream: stream, spool: spool, model: model, schedule: schedule,
        progress: progress, stop: stop, pauseTimer: pauseTimer, pacing: pacing,
        synchronizer: synchronizer)
      if progress.diverged.load(ordering: .relaxed) {
        // The run's rate, as --lr sets it: processes training together apply N times it.
        throw TrainingError.diverged(
          epoch: epoch + 1, wordsSeen: progress.wordsSeen.load(ordering: .relaxed),
          learningRate: schedule.rate(afterWords: progress.wordsSeen.load(ordering: .relaxed))
            / Float(group.size))
      }
      if progress.outOfTime.load(ordering: .relaxed) {
        // A budget cut the epoch short: the run ends here, with no checkpoint of a partial
        // epoch.
        measureEpoch(ends)
        break
      }
      let positionsNow = ends.compactMap(\.position)
      // Processes training together take the same way: where any process stopped without
      // positions or paused inside its part, all do.
      var passEnd = [
        positionsNow.count < options.workers, positionsNow.contains(where: { !$0.finished }),
      ]
      if let synchronizer { passEnd = synchronizer.anyProcess(passEnd) }
      if passEnd[0] {
        // Stopped where no position could be kept: the epoch is redone on resume.
        throw TrainingError.interrupted(epoch: epoch + 1, checkpoint: lastCheckpoint)
      }
      if passEnd[1] {
        // The workers paused inside the epoch for a checkpoint; the pass goes on from there
        // (a process whose workers had all finished theirs reads nothing more).
        part += 1
        try writeCheckpoint(epochsDone: epoch, part: part, positions: positionsNow)
        if runStop?.isRequested == true {
          throw TrainingError.interrupted(epoch: epoch + 1, checkpoint: lastCheckpoint)
        }
        positions = positionsNow
        continue
      }
      measureEpoch(ends)
      epoch += 1
      (part, positions) = (0, nil)
      try writeCheckpoint(epochsDone: epoch, part: 0, positions: [])
      if runStop?.isRequested == true, epoch < options.epochs {
        throw TrainingError.interrupted(epoch: epoch, checkpoint: lastCheckpoint)
      }
    }
    var run = TrainingRun(
      model: model, vocabulary: vocabulary, heldOutCrossEntropy: crossEntropies,
      heldOutPairs: heldOut?.count ?? 0, seconds: reporter.elapsed,
      wordsSeen: progress.wordsSeen.load(ordering: .relaxed) - (resume?.wordsSeen ?? 0),
      examplesSeen: progress.examplesSeen.load(ordering: .relaxed))
    run.secondsAlone = pacing?.secondsAlone ?? 0
    return run
  }

  /// The held-out pairs of the sentences each worker set aside in the first epoch.
  private func collectedHeldOut(_ sentences: [[[Int32]]]) -> HeldOutSet {
    HeldOutSet(
      sentences: sentences.flatMap { $0 }, window: options.window, limit: options.heldOutPairs)
  }

  /// One pass of all workers, from `positions` when the epoch was paused, with pauses for
  /// checkpoints when there is a `pauseTimer`; returns how each worker ended.
  private func runEpoch(
    _ epoch: Int, from positions: [WorkerPosition]?, stream: EpochStream, spool: IDSpool?,
    model: Model, schedule: LearningRateSchedule, progress: TrainingProgress, stop: StopRequest?,
    pauseTimer: CheckpointTimer?, pacing: WorkerPacing?, synchronizer: ModelSynchronizer?
  ) throws -> [TrainingWorker<TrainedLoss>.End] {
    let options = self.options
    let loss = self.loss
    let maxOutputs = self.maxOutputs
    let publishEvery = publishingInterval
    // BLAS inside workers runs single-threaded: the workers are the parallelism.
    Gemm.setThreadCount(1)
    // Each epoch draws its own windows and subsamples, reproducibly from the run's seed.
    // Processes training together draw apart (process 0 as a single process does).
    let rank = UInt64(synchronizer?.group.rank ?? 0)
    let epochSeed = options.seed &+ UInt64(epoch) &* 0x9E37_79B9 &+ rank &* 0xD1B5_4A32_D192_ED03
    // With pacing, a gate lets the workers run together or one alone; each leaves it when its
    // part of the pass ends, however it ends.
    let gate = pacing.map { _ in WorkerGate(workers: options.workers) }
    // Processes training together pause when they agreed to; one alone, at its own stop
    // request or timer.
    let pause = synchronizer?.pauseRequest()
    let workerStop = pause ?? stop
    let workerTimer = pause == nil ? pauseTimer : nil
    let pass = {
      try stream.run(
        workers: options.workers, seed: epochSeed, from: positions, spool: spool,
        leaving: { gate?.leave(worker: $0) },
        makeConsumer: { worker in
          TrainingWorker(
            loss: loss, model: model, schedule: schedule, progress: progress, stop: workerStop,
            pausable: pauseTimer != nil, timer: workerTimer, worker: worker, gate: gate,
            publishEvery: publishEvery,
            workspace: Workspace(
              dimensions: options.dimensions, maxContexts: 2 * options.window,
              maxOutputs: maxOutputs,
              random: Xoshiro256StarStar(seed: epochSeed &+ 0x5EED &+ UInt64(worker))),
            window: options.window, heldOutCap: options.heldOutPairs, collectsHeldOut: epoch == 0,
            from: positions?[worker])
        },
        summarize: { worker in
          worker.publish()
          return worker.end
        })
    }
    let paced = {
      if let pacing, let gate {
        try pacing.pacing(gate, pass)
      } else {
        try pass()
      }
    }
    let results =
      if let synchronizer {
        try synchronizer.during(
          model: model, layer: loss.outputLayer, progress: progress, stop: stop,
          timer: pauseTimer, pause: pause, paced)
      } else {
        try paced()
      }
    // Whole-matrix work after the pass: let OpenBLAS use every core again.
    Gemm.setThreadCount(ProcessInfo.processInfo.activeProcessorCount)
    return results.map(\.summary)
  }

}
