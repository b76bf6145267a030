import ArgumentParser
import Foundation
import Samplex
import Synchronization

extension Architecture: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {}
extension TrainingOptions.SamplerKind: ExpressibleByArgument {}
extension CandidateSharing: ExpressibleByArgument {}
extension VectorFileFormats: ExpressibleByArgument {}

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train word vectors on a corpus.",
    discussion: """
      Trains skip-gram or CBOW with negative sampling (word2vec's defaults), sampled softmax, \
      NCE or the exact full softmax, in parallel, and writes a run folder: vectors.bin and \
      vectors.txt (word2vec formats; --formats picks), vocab.txt, config.yaml, metrics.jsonl and \
      run.json (the Samplex version and commit, machine and date of each session of the run).

      A run can start from what an earlier one made: --read-vocab trains with the words and \
      counts of a vocab.txt instead of counting the corpus, and --init-vectors starts the \
      vectors of the words a vectors file holds from its rows.

      Every option is also a key of a YAML config (samplex train --config FILE). Settings \
      apply in this order, later ones winning: word2vec's defaults, the config file, the \
      options below, then --set section.key=value. The run's config.yaml repeats it exactly.

      The corpus may be several inputs, read in order as one corpus (gensim's \
      PathLineSentences): files, folders (their regular files sorted by name, not subfolders or \
      hidden files) and glob patterns, quoted so that the shell leaves them to samplex. Each \
      file is plain or zstd on its own, its last line ends with it, and the threads share the \
      files as they share one file.

      A folder holds one run: a run into a folder holding another's files is refused unless \
      --overwrite, which removes them first; a second run into a folder while one trains \
      there is refused.

      From word2vec, gensim (in parentheses) and fastText [in brackets]: -size (vector_size) \
      [-dim] is --dim, -iter (epochs) [-epoch] --epochs, -negative [-neg] --samples, -sample \
      [-t] --subsample, -alpha [-lr] --lr, -min-count (min_count) [-minCount] --min-count, \
      -window [-ws] --window, -threads (workers) [-thread] --threads, -cbow 1 (sg=0) --model \
      cbow, -hs 1 -negative 0 (hs=1, negative=0) [-loss hs] --loss hierarchical-softmax, \
      -read-vocab --read-vocab, [-pretrainedVectors] --init-vectors, and the corpus (-train) \
      [-input] is the argument.

      Examples:
        samplex train Data/kjv.txt.zst --output runs/kjv --neighbors god,water
        samplex train 'shards/*.txt.zst' --output runs/shards
        samplex train --config configs/quickstart.yaml --set training.epochs=1
        samplex train --config runs/kjv/config.yaml --output runs/kjv-again
      """)

  @Argument(
    help: ArgumentHelp(
      "The corpus: text or .zst files, folders (their files, sorted by name), quoted glob "
        + "patterns such as 'data/*.txt', read in order as one corpus; or '-' for standard input "
        + "(corpus.path in a config: a path or a list).",
      valueName: "corpus"))
  var corpus: [String] = []

  @Option(help: "A YAML config file whose keys set the options below.")
  var config: String?

  @Option(
    help: ArgumentHelp(
      "Continue the run in this folder from its newest checkpoint, with its config.yaml "
        + "(its vocabulary, model, loss, seed and held-out settings stay as they began).",
      valueName: "run-dir"))
  var resume: String?

  @Flag(
    inversion: .prefixedNo,
    help:
      "Write checkpoints after each epoch and inside epochs, keeping two (output.checkpoints; default on)."
  )
  var checkpoints: Bool?

  @Option(
    help: ArgumentHelp(
      "Minutes between checkpoints inside an epoch (output.checkpoint_minutes; default 10).",
      valueName: "minutes"))
  var checkpointMinutes: Double?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Set any config key, e.g. --set loss.samples=64 (repeatable).", valueName: "section.key=value"
    ))
  var overrides: [String] = []

  @Option(name: .shortAndLong, help: "The run folder to write (output.dir; default samplex-run).")
  var output: String?

  @Flag(
    inversion: .prefixedNo,
    help:
      "Replace the run the output folder holds, removing its files first (output.overwrite)."
  )
  var overwrite: Bool?

  @Option(
    help: ArgumentHelp(
      "Which vectors files to write: bin (vectors.bin), txt (vectors.txt) or both (output.formats; "
        + "default both, or bin alone when the text would take over "
        + "\(VectorFileFormats.textByteLimit >> 30) GiB)."))
  var formats: VectorFileFormats?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Also write the output vectors, one row per word, as vectors-output.bin; not with "
        + "hierarchical-softmax, whose output rows are not words (output.save_output_vectors; "
        + "off by default)."))
  var saveOutputVectors: Bool?

  @Option(
    name: .customLong("model"), help: "skipgram or cbow (model.architecture; default skipgram).")
  var architecture: Architecture?

  @Option(
    help:
      ArgumentHelp(
        "negative-sampling, sampled-softmax, nce, full-softmax or hierarchical-softmax "
          + "(loss.type; default negative-sampling).")
  )
  var loss: Loss?

  @Option(
    help: "The candidate sampler: uniform, log-uniform or unigram (loss.sampler; default unigram).")
  var sampler: TrainingOptions.SamplerKind?

  @Option(help: "The unigram sampler's power (loss.power; default 0.75).")
  var power: Double?

  @Option(help: "Candidates per window, word2vec's -negative (loss.samples; default 5).")
  var samples: Int?

  @Option(
    help: ArgumentHelp(
      "window: one draw per window (fast at few candidates); pair: per pair, word2vec's loop; "
        + "batch: one draw per minibatch, TensorFlow's (fast at many) (loss.candidates; "
        + "default batch for sampled-softmax and nce from 64 candidates up, else window)."))
  var candidates: CandidateSharing?

  @Option(
    help: "Examples per minibatch with --candidates batch (training.batch_size; default 256).")
  var batchSize: Int?

  @Option(help: "Vector size (model.dim; default 100).")
  var dim: Int?

  @Option(help: "Maximum distance between a word and its context (model.window; default 5).")
  var window: Int?

  @Option(
    help: ArgumentHelp(
      "Start the input vectors of the words this word2vec file holds (binary if .bin, else "
        + "text) from its rows, the other words' as usual; fastText's -pretrainedVectors "
        + "(model.init_vectors).",
      valueName: "file"))
  var initVectors: String?

  @Option(help: "Ignore words seen fewer times (vocabulary.min_count; default 5).")
  var minCount: Int?

  @Option(help: "Keep at most this many of the most frequent words (vocabulary.max_size).")
  var maxSize: Int?

  @Option(
    help: ArgumentHelp(
      "Train with the words and counts of this vocabulary file ('word count' lines, as "
        + "vocab.txt and samplex vocab -o write them) instead of counting the corpus's; "
        + "--min-count and --max-size still apply, and the corpus's other words are skipped "
        + "as unknown; word2vec's -read-vocab (vocabulary.read).",
      valueName: "file"))
  var readVocab: String?

  @Option(
    help:
      "Subsampling threshold of frequent words, 0 keeps all (vocabulary.subsample; default 1e-3).")
  var subsample: Double?

  @Option(help: "Passes over the corpus (training.epochs; default 5).")
  var epochs: Int?

  @Option(
    help:
      "Stop after this many seconds of training, decaying the rate over them (training.budget_seconds)."
  )
  var budgetSeconds: Double?

  @Option(
    help: ArgumentHelp(
      "Seconds between averagings of the model when several processes train it under mpirun "
        + "(training.sync_seconds; default 2)."))
  var syncSeconds: Double?

  @Option(help: "Starting learning rate (training.lr; default 0.025 skip-gram, 0.05 CBOW).")
  var lr: Double?

  @Option(help: "Final learning rate (training.min_lr; default the starting one × 1e-4).")
  var minLr: Double?

  @Option(help: "Worker threads (training.threads; default all cores).")
  var threads: Int?

  @Option(
    help:
      "Random seed; with --threads 1 a run is bit-for-bit reproducible (training.seed; default 1).")
  var seed: Int?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "With several threads, measure now and then whether one thread alone trains faster "
        + "(on some virtual machines the threads' shared rows slow them down at times) and let "
        + "it, the others waiting (training.pace_threads; off by default)."))
  var paceThreads: Bool?

  @Flag(inversion: .prefixedNo, help: "Lowercase every word (corpus.lowercase).")
  var lowercase: Bool?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Read every epoch from the corpus's ids, spooled while counting the vocabulary to an "
        + "unlinked file in $TMPDIR or /var/tmp (about 1.5 bytes a token), not the text "
        + "(corpus.spool; on by default)."))
  var spool: Bool?

  @Option(
    help:
      "Share of sentences held out for the exact cross-entropy yardstick (training.heldout; default 0.002)."
  )
  var heldout: Double?

  @Option(
    help:
      "Held-out (context, centre) pairs scored after each epoch (training.heldout_pairs; default 2000)."
  )
  var heldoutPairs: Int?

  @Option(help: "Seconds between progress reports (training.progress_interval; default 2).")
  var progressInterval: Double?

  @Option(
    help:
      "Print the nearest neighbours of these comma-separated words at the end (output.neighbors).")
  var neighbors: String?

  @Flag(
    inversion: .prefixedNo,
    help: "Evaluate the vectors when training ends (evaluation.after_training).")
  var eval: Bool?

  @Option(help: "Analogy file for --eval (evaluation.analogies).")
  var analogies: String?

  @Option(help: "Word-similarity file for --eval (evaluation.similarity; repeatable).")
  var similarity: [String] = []

  @Option(
    help:
      "Analogies use this many of the most frequent words (evaluation.restrict_vocab; default 30000)."
  )
  var restrictVocab: Int?

  /// The options given on the command line, as config assignments named by their flags.
  private func flagAssignments() throws -> [ConfigurationAssignment] {
    // (flag, section, key, value); a flag left out has no value.
    let given: [(String, String, String, ConfigurationValue?)] = [
      ("CORPUS", "corpus", "path", corpus.isEmpty ? nil : .texts(corpus)),
      ("--output", "output", "dir", output.map { .text($0) }),
      ("--overwrite", "output", "overwrite", overwrite.map { .boolean($0) }),
      ("--model", "model", "architecture", architecture.map { .text($0.rawValue) }),
      ("--loss", "loss", "type", loss.map { .text($0.rawValue) }),
      ("--sampler", "loss", "sampler", sampler.map { .text($0.rawValue) }),
      ("--power", "loss", "power", power.map { .number($0) }),
      ("--samples", "loss", "samples", samples.map { .integer($0) }),
      ("--candidates", "loss", "candidates", candidates.map { .text($0.rawValue) }),
      ("--batch-size", "training", "batch_size", batchSize.map { .integer($0) }),
      ("--dim", "model", "dim", dim.map { .integer($0) }),
      ("--window", "model", "window", window.map { .integer($0) }),
      ("--min-count", "vocabulary", "min_count", minCount.map { .integer($0) }),
      ("--max-size", "vocabulary", "max_size", maxSize.map { .integer($0) }),
      ("--read-vocab", "vocabulary", "read", readVocab.map { .text($0) }),
      ("--init-vectors", "model", "init_vectors", initVectors.map { .text($0) }),
      ("--formats", "output", "formats", formats.map { .text($0.rawValue) }),
      (
        "--save-output-vectors", "output", "save_output_vectors",
        saveOutputVectors.map { .boolean($0) }
      ),
      ("--subsample", "vocabulary", "subsample", subsample.map { .number($0) }),
      ("--epochs", "training", "epochs", epochs.map { .integer($0) }),
      ("--lr", "training", "lr", lr.map { .number($0) }),
      ("--budget-seconds", "training", "budget_seconds", budgetSeconds.map { .number($0) }),
      ("--sync-seconds", "training", "sync_seconds", syncSeconds.map { .number($0) }),
      ("--min-lr", "training", "min_lr", minLr.map { .number($0) }),
      ("--threads", "training", "threads", threads.map { .integer($0) }),
      ("--seed", "training", "seed", seed.map { .integer($0) }),
      ("--pace-threads", "training", "pace_threads", paceThreads.map { .boolean($0) }),
      ("--lowercase", "corpus", "lowercase", lowercase.map { .boolean($0) }),
      ("--spool", "corpus", "spool", spool.map { .boolean($0) }),
      ("--heldout", "training", "heldout", heldout.map { .number($0) }),
      ("--heldout-pairs", "training", "heldout_pairs", heldoutPairs.map { .integer($0) }),
      (
        "--progress-interval", "training", "progress_interval", progressInterval.map { .number($0) }
      ),
      (
        "--neighbors", "output", "neighbors",
        neighbors.map { .texts($0.split(separator: ",").map(String.init)) }
      ),
      ("--eval", "evaluation", "after_training", eval.map { .boolean($0) }),
      ("--analogies", "evaluation", "analogies", analogies.map { .text($0) }),
      ("--similarity", "evaluation", "similarity", similarity.isEmpty ? nil : .texts(similarity)),
      ("--restrict-vocab", "evaluation", "restrict_vocab", restrictVocab.map { .integer($0) }),
      ("--checkpoints", "output", "checkpoints", checkpoints.map { .boolean($0) }),
      (
        "--checkpoint-minutes", "output", "checkpoint_minutes",
        checkpointMinutes.map { .number($0) }
      ),
    ]
    return try given.compactMap { flag, section, name, value in
      guard let value, let key = ConfigurationSchema.key(section: section, name: name) else {
        return nil
      }
      return try ConfigurationAssignment(key: key, value: value, origin: .argument(flag))
    }
  }

  /// The run's settings: defaults, then the config file, the flags and `--set`, checked before
  /// any work starts; with the place each was last set, for error messages.
  func resolve() throws -> (RunConfiguration, [String: ConfigurationOrigin]) {
    var configuration = RunConfiguration()
    configuration.training.workers = ProcessInfo.processInfo.activeProcessorCount
    var origins: [String: ConfigurationOrigin] = [:]
    // A resumed run reads its own config unless another is given, and writes into its folder.
    let runSettings = try resume.map {
      try ConfigurationYAML.read(path: RunFile.config.path(in: $0))
    }
    if let settings = try config.map(ConfigurationYAML.read(path:)) ?? runSettings {
      configuration.apply(settings, origins: &origins)
    }
    configuration.apply(try flagAssignments(), origins: &origins)
    configuration.apply(
      try overrides.map(ConfigurationAssignment.init(override:)), origins: &origins)
    if let resume, let runSettings {
      // The run's own settings, which a resume keeps (`ResumeSettings`) whatever else is given.
      var resumed = RunConfiguration()
      var resumedOrigins: [String: ConfigurationOrigin] = [:]
      resumed.apply(runSettings, origins: &resumedOrigins)
      guard !configuration.overwrite else {
        throw ValidationError(
          "--overwrite replaces the run a folder holds and --resume continues it; give one of them."
        )
      }
      try ResumeSettings.checkUnchanged(
        from: resumed, to: configuration, path: RunFile.config.path(in: resume), origins: origins)
      configuration.output = resume
      configuration.runID = resumed.runID
    } else {
      // A new run is a run of its own, even when its settings come from another's config.yaml.
      configuration.runID = RunID.random()
    }
    // After the resume's own check, which names a kept key (loss.type) before this would name
    // a key that only the kept key's change made meaningless.
    try ConfigurationSchema.checkApplicable(configuration, origins: origins)
    try ConfigurationSchema.checkOutputVectors(configuration, origins: origins)
    guard !configuration.corpus.isEmpty else { throw ConfigurationError.noCorpus }
    func requireFile(_ path: String, key: String) throws {
      guard FileManager.default.fileExists(atPath: path) else {
        throw ConfigurationError.missingFile(
          origins[key] ?? .argument(key), key: key, path: path)
      }
    }
    // A folder's or a pattern's files are named by `CorpusFiles` when it opens them.
    for path in configuration.corpus where path != "-" && !CorpusPaths.isPattern(path) {
      try requireFile(path, key: "corpus.path")
    }
    if let file = configuration.vocabularyFile { try requireFile(file, key: "vocabulary.read") }
    // A resume's vectors come from its checkpoint: the file it started from may be gone.
    if resume == nil, let file = configuration.initialVectors {
      try requireFile(file, key: "model.init_vectors")
    }
    if configuration.evaluation.afterTraining {
      guard configuration.evaluation.hasFiles else {
        throw ValidationError(
          "--eval needs evaluation files: give --analogies or --similarity (evaluation.analogies, "
            + "evaluation.similarity).")
      }
      if let analogies = configuration.evaluation.analogies {
        try requireFile(analogies, key: "evaluation.analogies")
      }
      for file in configuration.evaluation.similarity {
        try requireFile(file, key: "evaluation.similarity")
      }
    }
    return (configuration, origins)
  }

  func run() throws {
    let (configuration, _) = try resolve()
    let output = configuration.output
    let options = configuration.training
    // Under mpirun, each process trains on its part of the corpus and process 0 alone writes
    // the run folder and reports.
    let processes = LaunchedProcesses.join()
    let group = processes?.group
    let writes = (group?.rank ?? 0) == 0
    let log: (String) -> Void = writes ? { self.log($0) } : { _ in }
    // Everything that can refuse the run is checked before the folder is touched; what needs
    // no vocabulary, before the vocabulary pass.
    try TrainerFactory.check(options)
    if group != nil { try Self.checkSupportedAcrossProcesses(configuration, resume: resume) }
    // A resume's vectors come from its checkpoint.
    let initialVectors: InitialVectors? =
      if let path = configuration.initialVectors, resume == nil {
        try InitialVectors(path: path, dimensions: options.dimensions)
      } else {
        nil
      }
    let evaluationFiles =
      configuration.evaluation.afterTraining ? try EvaluationFiles(configuration.evaluation) : nil
    if writes {
      try RunFolderLock.checkFree(output)
      try admit(RunFolder(path: output), configuration)
    }
    let checkpoints = CheckpointFolder(path: output, configuration: configuration)
    // A damaged newest checkpoint costs the training since the one before it, not the run.
    let checkpoint = try resume.map { _ in
      let (checkpoint, passedOver) = try checkpoints.newestWholeCheckpoint()
      if !passedOver.isEmpty {
        log(
          "passing over damaged " + passedOver.joined(separator: "; ")
            + "; resuming from checkpoint-\(checkpoint.stamp).bin")
      }
      return checkpoint
    }
    let files = try CorpusFiles(configuration.corpus)
    let corpus = files.path
    var source: any Corpus = files
    if let group {
      // One file splits among the processes; several files do not yet.
      guard files.sources.count == 1, try files.sources[0].splitsIntoParts else {
        throw DistributedTrainingError.corpusNotSplittable(path: corpus)
      }
      source = files.sources[0].part(group.rank, of: group.size)
    }
    // The counting pass spools the corpus, so that no epoch reads the text again: the one way
    // to train from standard input, which can be read only once.
    guard source.isSeekable || options.spoolsIDs else {
      throw TrainingError.needsFile(
        path: corpus, why: "with --no-spool, training reads the corpus again every epoch")
    }
    let live = writes && isatty(STDERR_FILENO) == 1
    let vocabulary: Vocabulary
    let spool: IDSpool?
    if let file = configuration.vocabularyFile {
      // No counting pass, so none spools the corpus: the first epoch reads the text.
      guard source.isSeekable else {
        throw TrainingError.needsFile(
          path: corpus,
          why: "with --read-vocab no counting pass spools the corpus, and training reads it again "
            + "every epoch")
      }
      vocabulary = try FixedVocabulary.read(
        from: file, minCount: options.minCount, maxSize: options.maxVocabularySize)
      spool = nil
      if let group { try SharedVocabulary.checkSame(vocabulary, group: group) }
      log(
        "vocabulary: \(grouped(vocabulary.count)) words (min_count \(options.minCount)) read from \(file)"
      )
    } else {
      spool = options.spoolsIDs ? IDSpool(workers: options.workers) : nil
      let counting = CountingProgress(live: live)
      let counted: (vocabulary: Vocabulary, tokens: Int)
      do {
        if let group {
          counted = try SharedVocabulary.vocabulary(
            of: source, options: options, group: group, spool: spool,
            bytesRead: counting.bytesRead)
        } else {
          let (vocabulary, statistics) = try VocabularyBuilder.vocabulary(
            of: source, options: options, spool: spool, bytesRead: counting.bytesRead)
          counted = (vocabulary, statistics.tokens)
        }
        counting.finish(succeeded: true)
      } catch {
        counting.finish(succeeded: false)
        throw error
      }
      vocabulary = counted.vocabulary
      guard source.isSeekable || spool?.isComplete == true else {
        throw TrainingError.unspooledInput(path: corpus)
      }
      log(
        "vocabulary: \(grouped(vocabulary.count)) words (min_count \(options.minCount)) of \(grouped(counted.tokens)) tokens"
      )
    }
    if let initialVectors {
      log(
        "initial vectors: \(grouped(initialVectors.matchCount(in: vocabulary))) of the "
          + "\(grouped(vocabulary.count)) vocabulary words from \(initialVectors.path)")
    }
    // A checkpoint that does not fit this run is refused before anything is written, so that
    // the folder's config stays the one its checkpoints were written under.
    try checkpoint?.checkFits(
      options: options, vocabulary: vocabulary,
      readsFixedParts: try Checkpoint.partsAreFixed(
        source: source, workers: options.workers, spool: spool))
    try TrainerFactory.check(options, vocabulary: vocabulary)
    if !writes, let group {
      // Every other process trains with process 0 and writes nothing.
      try trainAlongside(
        options: options, source: source, vocabulary: vocabulary, spool: spool,
        initialVectors: initialVectors, group: group)
      processes?.finish()
      return
    }
    // Held until the process ends: no other run writes into the folder while this one does. The
    // folder is looked at again under it, as another run may have come and gone meanwhile.
    let lock = try RunFolderLock(folder: output)
    defer { withExtendedLifetime(lock) {} }
    let folder = RunFolder(path: output)
    try admit(folder, configuration)
    if configuration.overwrite { try folder.removeRunFiles() }
    // A run killed mid-write (kill -9) leaves its temporary file; the next run into the folder
    // clears it (only those of the files a run writes: the folder may be one the user shares).
    AtomicFile.removeAbandoned(in: output, isOurs: RunFolder.isRunFile)
    // Written first, so that an interrupted run can be resumed with it; never with `overwrite`,
    // so that a repeat of the run from it does not replace this folder unasked.
    var recorded = configuration
    recorded.overwrite = false
    try ConfigurationWriter.write(recorded, to: RunFile.config.path(in: output))
    try RunRecord.beginning(
      .current(), of: checkpoints.run, resuming: resume != nil, in: output
    ).write(to: RunFile.record.path(in: output))
    let trainsNothing = checkpoint?.endsRun(ofEpochs: options.epochs) == true
    if let checkpoint {
      log(
        checkpoint.part > 0
          ? "resuming inside epoch \(checkpoint.epochsDone + 1) of \(options.epochs) "
            + "(checkpoint \(checkpoint.stamp))"
          : trainsNothing
            ? "all \(options.epochs) epochs were trained before the run stopped; writing its "
              + "files from checkpoint \(checkpoint.stamp)"
            : "resuming after epoch \(checkpoint.epochsDone) of \(options.epochs)")
    }
    // A resumed run's metrics begin with the interrupted run's, up to its checkpoint.
    let earlierMetrics =
      checkpoint.map {
        MetricsFile.lines(
          in: RunFile.metrics.path(in: output), upToWords: $0.wordsSeen, run: checkpoints.run)
      }
      ?? []
    let ticks = Mutex<[ProgressTick]>([])
    let interrupts = InterruptHandler()
    let run: TrainingRun
    do {
      // Processes training together write no checkpoints yet (README).
      run = try TrainerFactory.train(
        options: options, source: source, vocabulary: vocabulary,
        checkpoints: configuration.checkpoints && group == nil ? checkpoints : nil,
        checkpointInterval: configuration.checkpointMinutes.map { $0 * 60 }, resume: checkpoint,
        stop: interrupts.stop, spool: spool, initialVectors: initialVectors,
        synchronizer: group.map { ModelSynchronizer(group: $0, interval: options.syncSeconds) }
      ) { tick in
        ticks.withLock { $0.append(tick) }
        Self.show(tick, live: live)
      }
    } catch TrainingError.interrupted(let epoch, let saved) {
      try MetricsFile.write(
        ticks.withLock { $0 }, after: earlierMetrics, run: checkpoints.run,
        to: RunFile.metrics.path(in: output))
      log(
        "stopped during epoch \(epoch); "
          + (saved.map {
            "saved \(($0 as NSString).lastPathComponent); resume with: samplex train --resume \(output)"
          } ?? "no checkpoint was written, so there is nothing to resume from"))
      throw ExitCode(130)
    }
    if live { FileHandle.standardError.write("\n".data(using: .utf8)!) }
    if let group { Self.reportChecksum(of: run.model, in: group) }
    let formats = VectorFileFormats.chosen(
      configuration.vectorFormats, words: vocabulary.words, dimensions: options.dimensions)
    if configuration.vectorFormats == nil, formats == .binary {
      let bytes = VectorFileFormats.estimatedTextBytes(
        words: vocabulary.words, dimensions: options.dimensions)
      log(
        String(
          format: "vectors.txt left out: its text would take about %.1f GiB, over the %d GiB "
            + "written unasked; --formats both writes it, or samplex convert vectors.bin "
            + "vectors.txt later", Double(bytes) / Double(1 << 30),
          VectorFileFormats.textByteLimit >> 30))
    }
    try RunVectorFiles.write(
      words: vocabulary.words, input: run.model.input,
      output: configuration.savesOutputVectors ? run.model.output : nil, formats: formats,
      to: output)
    try VocabularyFile.write(vocabulary, to: RunFile.vocabulary.path(in: output))
    try MetricsFile.write(
      ticks.withLock { $0 }, after: earlierMetrics, run: checkpoints.run,
      to: RunFile.metrics.path(in: output))
    let trained =
      trainsNothing
      ? "nothing was left to train"
      : String(
        format: "trained %@ words in %.1f s (%.0f words/s)", grouped(run.wordsSeen), run.seconds,
        run.wordsPerSecond)
    TerminalOutput.line(
      "\(trained); held-out cross-entropy "
        + (run.heldOutCrossEntropy.last.map {
          String(format: "%.4f nats over %d pairs", $0, run.heldOutPairs)
        } ?? "not measured") + "; wrote \(output)")
    if run.secondsAlone >= 0.05 {
      TerminalOutput.line(
        String(
          format:
            "one thread trained alone for %.1f of those seconds, the others waiting: together "
            + "they measured slower then (rows they share move slowly between this host's CPUs "
            + "at times; --no-pace-threads turns the measuring off)", run.secondsAlone))
    }
    if !configuration.neighbors.isEmpty {
      let index = NearestNeighbors(words: vocabulary.words, vectors: run.model.input)
      for word in configuration.neighbors {
        guard let id = vocabulary.id(of: word) else {
          TerminalOutput.line("\(word): not in the vocabulary")
          continue
        }
        let list = index.neighbors(of: Int(id), count: 8).map {
          String(format: "%@ %.3f", $0.word, $0.similarity)
        }
        TerminalOutput.line("\(word): " + list.joined(separator: ", "))
      }
    }
    if let evaluationFiles {
      let vectors = WordVectors(words: vocabulary.words, table: run.model.input)
      let report = try EvaluationReport(evaluationFiles, vectors: vectors)
      report.lines().forEach { TerminalOutput.line($0) }
      try report.write(to: RunFile.evaluation.path(in: output))
    }
    processes?.finish()
  }

  /// Refuses what training across processes does not support yet: resuming, and a time budget
  /// (each process's clock would end its epochs at another point).
  private static func checkSupportedAcrossProcesses(
    _ configuration: RunConfiguration, resume: String?
  ) throws {
    if resume != nil { throw DistributedTrainingError.unsupported(option: "--resume") }
    if configuration.training.timeBudget != nil {
      throw DistributedTrainingError.unsupported(option: "training.budget_seconds")
    }
  }

  /// Trains as a process other than process 0 of `group`: the same run, its part of the corpus,
  /// nothing written.
  private func trainAlongside(
    options: TrainingOptions, source: any Corpus, vocabulary: Vocabulary, spool: IDSpool?,
    initialVectors: InitialVectors?, group: any ProcessGroup
  ) throws {
    let interrupts = InterruptHandler()
    let run: TrainingRun
    do {
      run = try TrainerFactory.train(
        options: options, source: source, vocabulary: vocabulary, stop: interrupts.stop,
        spool: spool, initialVectors: initialVectors,
        synchronizer: ModelSynchronizer(group: group, interval: options.syncSeconds))
    } catch TrainingError.interrupted {
      throw ExitCode(130)
    }
    Self.reportChecksum(of: run.model, in: group)
  }

  /// With SAMPLEX_MPI_CHECKSUM set, each process writes a checksum of its final tables to
  /// standard error, so that a test can see that the last averaging left them equal.
  private static func reportChecksum(of model: Model, in group: any ProcessGroup) {
    guard ProcessInfo.processInfo.environment["SAMPLEX_MPI_CHECKSUM"] != nil else { return }
    let checksum = String(ModelSynchronizer.checksum(of: model), radix: 16)
    FileHandle.standardError.write(
      "rank \(group.rank) of \(group.size): tables checksum \(checksum)\n".data(using: .utf8)!)
  }

  /// Refuses a run that would mix with the run `folder` holds: a new run into a folder holding
  /// one (unless it replaces it), a resume into a folder that holds another. A repeat of a run
  /// from its own config.yaml, whose `output.dir` is that run's folder, is told to take another.
  private func admit(_ folder: RunFolder, _ configuration: RunConfiguration) throws {
    if resume != nil {
      try folder.admitResume(of: configuration.runID)
      return
    }
    guard let config, Self.folder(of: config) == Self.folder(folder.path) else {
      return try folder.admitNewRun(overwrite: configuration.overwrite)
    }
    do {
      try folder.admitNewRun(overwrite: configuration.overwrite)
    } catch {
      guard case .holdsAnotherRun = error else { throw error }
      throw RunFolderError.repeatsItsOwnRun(folder: folder.path, config: config)
    }
  }

  /// The folder `path` names, or the folder of the file it names, with symbolic links resolved.
  private static func folder(of file: String) -> String {
    // Not NSString's deletingLastPathComponent, which traps on a one-letter relative name.
    guard let slash = file.lastIndex(of: "/") else { return folder("") }
    return folder(slash == file.startIndex ? "/" : String(file[..<slash]))
  }

  private static func folder(_ path: String) -> String {
    URL(fileURLWithPath: path.isEmpty ? "." : path).standardizedFileURL
      .resolvingSymlinksInPath().path
  }

  private func log(_ message: String) {
    TerminalOutput.error(message)
  }

  /// On a terminal, one line redrawn in place, as wide as the terminal lets it be (a wrapped
  /// line would leave a row behind at each redraw; the cursor stays off the last column);
  /// otherwise a log line per tick with every field. A tick with a held-out figure stays.
  private static func show(_ tick: ProgressTick, live: Bool) {
    let line =
      live
      ? "\r\u{1B}[2K" + ProgressLine.text(of: tick, width: TerminalWidth.ofStandardError() - 1)
        + (tick.heldOutCrossEntropy != nil ? "\n" : "")
      : ProgressLine.text(of: tick) + "\n"
    FileHandle.standardError.write(line.data(using: .utf8)!)
  }
}
