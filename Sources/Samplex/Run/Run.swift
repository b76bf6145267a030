import Foundation

/// One training run and its folder, from resolved settings (`RunRequest`) to the files it
/// leaves: the library's one implementation of what `samplex train` does, alone or as one of
/// the processes `mpirun` starts. It goes in three stages, so that the command can draw the
/// counting pass's progress between them:
///
/// 1. `init` checks everything that needs no vocabulary (options, initial vectors, evaluation
///    files, the folder's lock and run) and finds the checkpoint a resume starts from;
/// 2. `readVocabulary` counts the corpus (spooling its ids) or reads `vocabulary.read`, then
///    checks what needs the vocabulary (the checkpoint's fit, memory) before anything is
///    written;
/// 3. `train` takes the folder (its lock, its config.yaml and run.json first, the lock held
///    until it returns), trains, and writes the vectors, vocabulary and metrics;
/// 4. `evaluate`, with `evaluation.after_training`, writes `evaluation.json`.
///
/// The command adds the terminal: the progress line, interrupts, neighbours printed.
public final class Run {
  public let configuration: RunConfiguration
  /// The processes training together under `mpirun`, nil for a run of its own. Process 0
  /// alone writes the folder and reports.
  public let group: (any ProcessGroup)?
  /// Whether this process writes the run folder.
  public var writesFolder: Bool { (group?.rank ?? 0) == 0 }
  /// Whether the run continues the one its folder holds.
  public let resumes: Bool
  /// Lines for people (standard error in `samplex train`); other processes than process 0
  /// say nothing.
  private let log: (String) -> Void
  private let configFile: String?
  private let initialVectors: InitialVectors?
  private let evaluationFiles: EvaluationFiles?
  private let checkpoints: CheckpointFolder
  private let checkpoint: Checkpoint?
  /// The corpus this process trains on (its part, under `mpirun`).
  private let source: any Corpus
  private let corpusPath: String
  private var vocabulary: Vocabulary?
  private var spool: IDSpool?
  /// The run's training options, their held-out pairs decided once the vocabulary is known
  /// (`HeldOutCost`); `configuration` keeps them as given, for `config.yaml`.
  private var options: TrainingOptions

  /// Checks the run before its vocabulary pass: options, the corpus, the folder (not locked
  /// by another run, not holding another run unless `overwrite`), and reads the initial
  /// vectors, the evaluation files and a resume's newest whole checkpoint.
  /// - Parameters:
  ///   - configFile: the config the settings came from, so that a repeat of a run from its own
  ///     `config.yaml` into its own folder is told to take another.
  ///   - resumes: whether `configuration.output` holds the run this one continues.
  public init(
    configuration: RunConfiguration, configFile: String? = nil, resumes: Bool = false,
    group: (any ProcessGroup)? = nil, log: @escaping (String) -> Void = { _ in }
  ) throws {
    var configuration = configuration
    // A configuration built by hand rather than by `RunRequest` is a new run of its own.
    if configuration.runID == nil, !resumes { configuration.runID = RunID.random() }
    self.configuration = configuration
    self.configFile = configFile
    self.resumes = resumes
    self.group = group
    let writes = (group?.rank ?? 0) == 0
    self.log = writes ? log : { _ in }
    let options = configuration.training
    self.options = options
    try TrainerFactory.check(options)
    if group != nil { try Self.checkSupportedAcrossProcesses(configuration) }
    initialVectors =
      if let path = configuration.initialVectors, !resumes {
        try InitialVectors(path: path, dimensions: options.dimensions)
      } else {
        nil
      }
    evaluationFiles =
      configuration.evaluation.afterTraining ? try EvaluationFiles(configuration.evaluation) : nil
    // Process 0 alone looks at the folder; a refusal ends every process.
    try (group ?? SingleProcess()).agree {
      try RunFolderLock.checkFree(configuration.output)
      try Self.admit(
        RunFolder(path: configuration.output), configuration, configFile: configFile,
        resumes: resumes)
    }
    checkpoints = CheckpointFolder(path: configuration.output, configuration: configuration)
    // A damaged newest checkpoint costs the training since the one before it, not the run.
    checkpoint =
      if resumes {
        try Self.newestCheckpoint(in: checkpoints, log: self.log)
      } else {
        nil
      }
    if let checkpoint {
      // Each process goes on from its own place in its part: as many processes as wrote it,
      // every one from the same file.
      try checkpoint.checkProcesses(group?.size ?? 1)
      if let group {
        let differing = group.ranksDiffering(from: checkpoint.checksum)
        guard differing.isEmpty else {
          throw DistributedTrainingError.checkpointMismatch(ranks: differing)
        }
      }
    }
    let files = try CorpusFiles(configuration.corpus)
    corpusPath = files.path
    if let group {
      // The corpus's files split among the processes as one file's text does.
      guard try files.splitsIntoParts else {
        throw DistributedTrainingError.corpusNotSplittable(path: files.path)
      }
      source = files.part(group.rank, of: group.size)
    } else {
      source = files
    }
    // The counting pass spools the corpus, so that no epoch reads the text again: the one way
    // to train from standard input, which can be read only once.
    guard source.isSeekable || options.spoolsIDs else {
      throw TrainingError.needsFile(
        path: corpusPath, why: "with --no-spool, training reads the corpus again every epoch")
    }
    if configuration.vocabularyFile != nil, !source.isSeekable {
      // No counting pass, so none spools the corpus: the first epoch reads the text.
      throw TrainingError.needsFile(
        path: corpusPath,
        why: "with --read-vocab no counting pass spools the corpus, and training reads it again "
          + "every epoch")
    }
  }

  /// Whether `readVocabulary` counts the corpus (rather than reading `vocabulary.read`).
  public var countsVocabulary: Bool { configuration.vocabularyFile == nil }

  /// Counts the corpus's vocabulary (spooling its ids, across processes under `mpirun`) or
  /// reads `vocabulary.read`, decides the held-out pairs (saying so when they are capped or
  /// costly), then checks what needs the vocabulary: the checkpoint fits, the model fits in
  /// memory. Nothing has been written yet.
  /// - Parameters:
  ///   - bytesRead: advanced as the counting pass reads the corpus.
  ///   - counted: called when the counting pass has ended, before anything else is said or
  ///     checked (a live display of the pass ends there).
  public func readVocabulary(bytesRead: BytesRead? = nil, counted: () -> Void = {}) throws {
    let options = configuration.training
    let vocabulary: Vocabulary
    if let file = configuration.vocabularyFile {
      vocabulary = try FixedVocabulary.read(
        from: file, minCount: options.minCount, maxSize: options.maxVocabularySize)
      if let group { try SharedVocabulary.checkSame(vocabulary, group: group) }
      log(
        "vocabulary: \(grouped(vocabulary.count)) words (min_count \(options.minCount)) read "
          + "from \(file)")
    } else {
      let spool = options.spoolsIDs ? IDSpool(workers: options.workers) : nil
      let tokens: Int
      if let group {
        (vocabulary, tokens) = try SharedVocabulary.vocabulary(
          of: source, options: options, group: group, spool: spool, bytesRead: bytesRead)
      } else {
        let (counted, statistics) = try VocabularyBuilder.vocabulary(
          of: source, options: options, spool: spool, bytesRead: bytesRead)
        (vocabulary, tokens) = (counted, statistics.tokens)
      }
      counted()
      guard source.isSeekable || spool?.isComplete == true else {
        throw TrainingError.unspooledInput(path: corpusPath)
      }
      self.spool = spool
      log(
        "vocabulary: \(grouped(vocabulary.count)) words (min_count \(options.minCount)) of "
          + "\(grouped(tokens)) tokens")
    }
    if let initialVectors {
      log(
        "initial vectors: \(grouped(initialVectors.matchCount(in: vocabulary))) of the "
          + "\(grouped(vocabulary.count)) vocabulary words from \(initialVectors.path)")
    }
    let processes = group?.size ?? 1
    let heldOutCost = HeldOutCost(options: options, vocabulary: vocabulary, processes: processes)
    if let note = heldOutCost.note(for: options) { log(note) }
    let decided = heldOutCost.decided(options)
    // A checkpoint that does not fit this run is refused before anything is written, so that
    // the folder's config stays the one its checkpoints were written under.
    try checkpoint?.checkFits(
      options: decided, vocabulary: vocabulary,
      readsFixedParts: try Checkpoint.partsAreFixed(
        source: source, workers: options.workers, spool: spool), processes: processes)
    try TrainerFactory.check(options, vocabulary: vocabulary, processes: processes)
    self.vocabulary = vocabulary
    self.options = decided
  }

  /// What a finished run did, for the command to report.
  public struct Outcome {
    public let training: TrainingRun
    /// Whether the resumed run's checkpoint had ended every epoch, so that nothing trained.
    public let trainedNothing: Bool
  }

  /// Trains, and (process 0) writes the run folder: `config.yaml` and `run.json` before
  /// training, so that an interrupted run can be resumed; the vectors, vocabulary, metrics and
  /// evaluation after.
  /// - Parameters:
  ///   - stop: set on SIGINT/SIGTERM; the run then writes a checkpoint and throws
  ///     `RunInterruption`.
  ///   - progress: each progress tick, as it comes.
  ///   - trainingEnded: called when training has ended, before the files are written (a live
  ///     progress line ends there, so that what follows starts on a line of its own).
  /// - Returns: nil for a process other than process 0, which writes nothing.
  public func train(
    stop: StopRequest = StopRequest(),
    progress: @escaping @Sendable (ProgressTick) -> Void = { _ in },
    trainingEnded: () -> Void = {}
  ) throws -> Outcome? {
    guard let vocabulary else {
      preconditionFailure("Run.train before Run.readVocabulary")
    }
    let synchronizer = group.map {
      ModelSynchronizer(group: $0, interval: options.syncSecondsInEffect, words: options.syncWords)
    }
    // Every process pauses for the checkpoints, which process 0 alone writes.
    let writtenCheckpoints = configuration.checkpoints ? checkpoints : nil
    let checkpointInterval = configuration.checkpointMinutes.map { $0 * 60 }
    guard writesFolder else {
      // Every other process trains with process 0 and writes nothing; it waits for each of
      // process 0's writes of the folder, and stops with it where one fails.
      try agreeOnFolder {}
      let run: TrainingRun
      do {
        run = try TrainerFactory.train(
          options: options, source: source, vocabulary: vocabulary, checkpoints: writtenCheckpoints,
          checkpointInterval: checkpointInterval, resume: checkpoint, stop: stop, spool: spool,
          initialVectors: initialVectors, synchronizer: synchronizer)
      } catch TrainingError.interrupted(let epoch, let saved) {
        try agreeOnFolder {}
        throw RunInterruption(
          epoch: epoch, checkpoint: saved, folder: configuration.output, processes: group?.size)
      }
      reportChecksum(of: run.model)
      try agreeOnFolder {}
      return nil
    }
    let output = configuration.output
    var folder: RunFolderSession?
    try agreeOnFolder {
      folder = try RunFolderSession(
        configuration: configuration, configFile: configFile, resumes: resumes,
        run: checkpoints.run, log: log)
    }
    defer { withExtendedLifetime(folder) {} }
    let trainsNothing = checkpoint?.endsRun(ofEpochs: options.epochs) == true
    if let checkpoint { log(Self.resumeLine(checkpoint, epochs: options.epochs)) }
    if let group, group.size > 1 { log(Self.processesLine(options, processes: group.size)) }
    // A resumed run's metrics begin with the interrupted run's, up to its checkpoint.
    let metrics = RunMetrics(
      folder: output, run: checkpoints.run, upToWords: checkpoint?.wordsSeen, progress: progress,
      log: log)
    let run: TrainingRun
    do {
      run = try TrainerFactory.train(
        options: options, source: source, vocabulary: vocabulary, checkpoints: writtenCheckpoints,
        checkpointInterval: checkpointInterval, resume: checkpoint, stop: stop, spool: spool,
        initialVectors: initialVectors, synchronizer: synchronizer, report: metrics.record)
    } catch TrainingError.interrupted(let epoch, let saved) {
      try agreeOnFolder { try metrics.write() }
      throw RunInterruption(
        epoch: epoch, checkpoint: saved, folder: output, processes: group?.size)
    }
    trainingEnded()
    reportChecksum(of: run.model)
    try agreeOnFolder {
      try writeOutputs(of: run, vocabulary: vocabulary)
      try metrics.write()
    }
    return Outcome(training: run, trainedNothing: trainsNothing)
  }

  /// With `evaluation.after_training`, evaluates the trained vectors on the evaluation files
  /// and writes `evaluation.json` into the run folder; nil otherwise. Under `mpirun` every
  /// process calls it, the others with the nil `train` gave them: they wait for process 0's
  /// evaluation, and stop with it where it fails.
  public func evaluate(_ outcome: Outcome?) throws -> EvaluationReport? {
    guard let evaluationFiles else { return nil }
    var report: EvaluationReport?
    try agreeOnFolder {
      guard let run = outcome?.training else {
        preconditionFailure("Run.evaluate on process 0 without the outcome of Run.train")
      }
      let evaluated = try EvaluationReport(
        evaluationFiles,
        vectors: WordVectors(words: Array(run.vocabulary.words), table: run.model.input)
      )
      try evaluated.write(to: RunFile.evaluation.path(in: configuration.output))
      report = evaluated
    }
    return report
  }

  /// The vectors files (`output.formats`, the text left out unasked above its size limit, with
  /// a line saying so) and `vocab.txt`.
  private func writeOutputs(of run: TrainingRun, vocabulary: Vocabulary) throws {
    let dimensions = configuration.training.dimensions
    // The writers take `[String]`: made here, after training has freed its buffers.
    let words = Array(vocabulary.words)
    let formats = VectorFileFormats.chosen(
      configuration.vectorFormats, words: words, dimensions: dimensions)
    if configuration.vectorFormats == nil, formats == .binary {
      let bytes = VectorFileFormats.estimatedTextBytes(words: words, dimensions: dimensions)
      log(
        String(
          format: "vectors.txt left out: its text would take about %.1f GiB, over the %d GiB "
            + "written unasked; --formats both writes it, or samplex convert vectors.bin "
            + "vectors.txt later", Double(bytes) / Double(1 << 30),
          VectorFileFormats.textByteLimit >> 30))
    }
    try RunVectorFiles.write(
      words: words, input: run.model.input,
      output: configuration.savesOutputVectors ? run.model.output : nil, formats: formats,
      to: configuration.output)
    try VocabularyFile.write(vocabulary, to: RunFile.vocabulary.path(in: configuration.output))
  }

  /// The line a resume begins with: where it resumes, or that nothing was left to train.
  private static func resumeLine(_ checkpoint: Checkpoint, epochs: Int) -> String {
    if checkpoint.part > 0 {
      return "resuming inside epoch \(checkpoint.epochsDone + 1) of \(epochs) "
        + "(checkpoint \(checkpoint.stamp))"
    }
    if checkpoint.endsRun(ofEpochs: epochs) {
      return "all \(epochs) epochs were trained before the run stopped; writing its files from "
        + "checkpoint \(checkpoint.stamp)"
    }
    return "resuming after epoch \(checkpoint.epochsDone) of \(epochs)"
  }

  /// The newest checkpoint that reads back whole, saying which damaged ones it passed over.
  private static func newestCheckpoint(
    in checkpoints: CheckpointFolder, log: (String) -> Void
  ) throws -> Checkpoint {
    let (checkpoint, passedOver) = try checkpoints.newestWholeCheckpoint()
    if !passedOver.isEmpty {
      log(
        "passing over damaged " + passedOver.joined(separator: "; ")
          + "; resuming from checkpoint-\(checkpoint.stamp).bin")
    }
    return checkpoint
  }

  /// Runs `write` (process 0's write of the run folder) on process 0, and under `mpirun` holds
  /// every process until it is done, so that no process ends the job, and `mpirun` process 0
  /// with it, before the files are written, and none waits in a later collective operation for
  /// a process 0 whose write failed: every process then throws (`ProcessGroup.agree`).
  private func agreeOnFolder(_ write: () throws -> Void) throws {
    try (group ?? SingleProcess()).agree(onOutcomeOf: write)
  }

  /// What processes training together do that one process does not: the rate each applies,
  /// and when they synchronize.
  static func processesLine(_ options: TrainingOptions, processes: Int) -> String {
    let rate = LearningRateSchedule(options, totalWords: 1, processes: processes).start
    let every = [
      options.syncSecondsInEffect.map { "\($0) s" },
      options.syncWords.map { "\(grouped($0)) words of all" },
    ].compactMap { $0 }.joined(separator: " or ")
    return "\(processes) processes: each trains at \(processes) × the learning rate "
      + "(\(Double.shortest(rate))) and moves the model by the mean of their changes, "
      + "every row every \(every), the most frequent words' rows 8 times as often"
  }

  /// Refuses what training across processes does not support yet: a time budget (each
  /// process's clock would end its epochs at another point).
  private static func checkSupportedAcrossProcesses(_ configuration: RunConfiguration) throws {
    if configuration.training.timeBudget != nil {
      throw DistributedTrainingError.unsupported(option: "training.budget_seconds")
    }
  }

  /// Refuses a run that would mix with the run `folder` holds: a new run into a folder holding
  /// one (unless it replaces it), a resume into a folder that holds another. A repeat of a run
  /// from its own config.yaml, whose `output.dir` is that run's folder, is told to take another.
  static func admit(
    _ folder: RunFolder, _ configuration: RunConfiguration, configFile: String?, resumes: Bool
  ) throws {
    if resumes {
      try folder.admitResume(of: configuration.runID)
      return
    }
    guard let configFile, FolderPath.folder(of: configFile) == FolderPath.resolved(folder.path)
    else {
      return try folder.admitNewRun(overwrite: configuration.overwrite)
    }
    do {
      try folder.admitNewRun(overwrite: configuration.overwrite)
    } catch {
      guard case .holdsAnotherRun = error else { throw error }
      throw RunFolderError.repeatsItsOwnRun(folder: folder.path, config: configFile)
    }
  }

  /// With SAMPLEX_MPI_CHECKSUM set, each process writes a checksum of its final tables to
  /// standard error, so that a test can see that the last synchronization left them equal.
  private func reportChecksum(of model: Model) {
    guard let group, ProcessInfo.processInfo.environment["SAMPLEX_MPI_CHECKSUM"] != nil else {
      return
    }
    let checksum = String(ModelSynchronizer.checksum(of: model), radix: 16)
    FileHandle.standardError.write(
      "rank \(group.rank) of \(group.size): tables checksum \(checksum)\n".data(using: .utf8)!)
  }
}
