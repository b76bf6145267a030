import Foundation
import Synchronization

/// Trains a model on a corpus with one loss: epochs of parallel workers over the corpus's
/// shards (Hogwild updates of the shared tables), the learning rate decaying linearly by global
/// progress, and the held-out exact cross-entropy after every epoch.
///
/// Generic over the loss, so everything below `run` is monomorphic.
public struct Trainer<Loss: TrainingLoss> {
  public let options: TrainingOptions
  public let source: TextSource
  public let vocabulary: Vocabulary
  public let loss: Loss
  /// Output rows a window can need (sampled losses: S + 1).
  public let maxOutputs: Int

  public init(
    options: TrainingOptions, source: TextSource, vocabulary: Vocabulary, loss: Loss,
    maxOutputs: Int
  ) {
    self.options = options
    self.source = source
    self.vocabulary = vocabulary
    self.loss = loss
    self.maxOutputs = maxOutputs
  }

  /// Runs every epoch (or until `options.timeBudget` is spent); `report` gets a tick every
  /// `options.progressInterval` seconds and one at the end of each epoch with its held-out
  /// cross-entropy, and `monitor` the same ticks with the live model (read while the workers
  /// update it, as Hogwild readers do). With `checkpoints`, the state after each epoch is
  /// written there; with `resume`, the run continues from that state.
  /// - Throws: `TrainingError.diverged` on a non-finite loss, `.checkpointMismatch` for a
  ///   checkpoint of another run, or a reading or writing error.
  public func run(
    checkpoints: String? = nil, resume: Checkpoint? = nil, stop: StopRequest? = nil,
    report: @escaping @Sendable (ProgressTick) -> Void = { _ in },
    monitor: (@Sendable (Model, ProgressTick) -> Void)? = nil
  ) throws -> TrainingRun {
    let options = self.options
    let model = Model(
      vocabularySize: vocabulary.count, dimensions: options.dimensions, seed: options.seed)
    let schedule = LearningRateSchedule(
      start: options.startingLearningRate, end: options.endingLearningRate,
      totalWords: options.epochs * Int(vocabulary.totalCount),
      budget: options.timeBudget.map { TimeBudget(seconds: $0) })
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
    var heldOut: HeldOutSet?
    var crossEntropies: [Double] = []
    var firstEpoch = 0
    if let resume {
      try check(resume)
      resume.restore(into: model)
      progress.wordsSeen.store(resume.wordsSeen, ordering: .relaxed)
      heldOut = resume.heldOut
      crossEntropies = resume.crossEntropies
      firstEpoch = resume.epochsDone
    }
    reporter.startTicking()
    defer { reporter.stopTicking() }
    for epoch in firstEpoch..<options.epochs {
      reporter.begin(epoch: epoch + 1)
      let results = try runEpoch(
        epoch, stream: stream, model: model, schedule: schedule, progress: progress, stop: stop)
      if progress.diverged.load(ordering: .relaxed) {
        throw TrainingError.diverged(
          epoch: epoch + 1, wordsSeen: progress.wordsSeen.load(ordering: .relaxed),
          learningRate: schedule.rate(afterWords: progress.wordsSeen.load(ordering: .relaxed)))
      }
      // The epoch may have been cut short: it is not checkpointed, and a resume redoes it.
      if stop?.isRequested == true {
        throw TrainingError.interrupted(
          epoch: epoch + 1, lastCheckpoint: checkpoints != nil && epoch > 0 ? epoch : nil)
      }
      if epoch == 0 {
        heldOut = HeldOutSet(
          sentences: results.flatMap(\.summary), window: options.window, limit: options.heldOutPairs
        )
      }
      // Whole-matrix work: let OpenBLAS use every core again.
      Gemm.setThreadCount(ProcessInfo.processInfo.activeProcessorCount)
      let crossEntropy = heldOut?.crossEntropy(model: model)
      if let crossEntropy { crossEntropies.append(crossEntropy) }
      report(reporter.tick(heldOutCrossEntropy: crossEntropy))
      // A budget cut the epoch short: the run ends here, with no checkpoint of a partial epoch.
      if progress.outOfTime.load(ordering: .relaxed) { break }
      if let checkpoints {
        try Checkpoint.write(
          model: model, epochsDone: epoch + 1,
          wordsSeen: progress.wordsSeen.load(ordering: .relaxed), heldOut: heldOut,
          crossEntropies: crossEntropies, to: checkpoints)
      }
    }
    return TrainingRun(
      model: model, vocabulary: vocabulary, heldOutCrossEntropy: crossEntropies,
      heldOutPairs: heldOut?.count ?? 0, seconds: reporter.elapsed,
      wordsSeen: progress.wordsSeen.load(ordering: .relaxed) - (resume?.wordsSeen ?? 0),
      examplesSeen: progress.examplesSeen.load(ordering: .relaxed))
  }

  /// Refuses a checkpoint whose tables or epochs do not fit this run.
  private func check(_ checkpoint: Checkpoint) throws {
    let path = "checkpoint-\(checkpoint.epochsDone).bin"
    guard checkpoint.vocabularySize == vocabulary.count, checkpoint.dimensions == options.dimensions
    else {
      throw TrainingError.checkpointMismatch(
        path: path,
        reason:
          "it holds \(checkpoint.vocabularySize) words × \(checkpoint.dimensions) dimensions, the "
          + "run \(vocabulary.count) × \(options.dimensions)")
    }
    guard checkpoint.epochsDone < options.epochs else {
      throw TrainingError.checkpointMismatch(
        path: path, reason: "the run has already done its \(options.epochs) epochs")
    }
  }

  /// One pass of all workers; each returns the held-out sentences it collected (epoch 1 only).
  private func runEpoch(
    _ epoch: Int, stream: EpochStream, model: Model, schedule: LearningRateSchedule,
    progress: TrainingProgress, stop: StopRequest?
  ) throws -> [EpochStream.WorkerResult<[[Int32]]>] {
    let options = self.options
    let loss = self.loss
    let maxOutputs = self.maxOutputs
    // BLAS inside workers runs single-threaded: the workers are the parallelism.
    Gemm.setThreadCount(1)
    // Each epoch draws its own windows and subsamples, reproducibly from the run's seed.
    let epochSeed = options.seed &+ UInt64(epoch) &* 0x9E37_79B9
    return try stream.run(workers: options.workers, seed: epochSeed) { worker in
      TrainingWorker(
        loss: loss, model: model, schedule: schedule, progress: progress, stop: stop,
        workspace: Workspace(
          dimensions: options.dimensions, maxContexts: 2 * options.window, maxOutputs: maxOutputs,
          random: Xoshiro256StarStar(seed: epochSeed &+ 0x5EED &+ UInt64(worker))),
        window: options.window, heldOutCap: options.heldOutPairs, collectsHeldOut: epoch == 0)
    } summarize: { worker in
      worker.publish()
      worker.workspace.deallocate()
      return worker.heldOut
    }
  }
}
