import ArgumentParser
import Foundation
import Samplex

extension Architecture: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {}
extension TrainingOptions.SamplerKind: ExpressibleByArgument {}
extension CandidateSharing: ExpressibleByArgument {}
extension VectorFileFormats: ExpressibleByArgument {}
extension VocabularyOverflow: ExpressibleByArgument {}

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
      "Write checkpoints after each epoch and inside epochs (\(help("output.checkpoints")))."
  )
  var checkpoints: Bool?

  @Option(
    help: ArgumentHelp(
      "Minutes between checkpoints inside an epoch (\(help("output.checkpoint_minutes")), "
        + "null: at epoch ends only).",
      valueName: "minutes"))
  var checkpointMinutes: Double?

  @Option(
    help: ArgumentHelp(
      "How many of the run's newest checkpoints to keep, older ones removed once a new one is "
        + "written; with two or more a resume falls back to an older one should the newest be "
        + "damaged (\(help("output.keep_checkpoints"))).",
      valueName: "count"))
  var keepCheckpoints: Int?

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Set any config key, e.g. --set loss.samples=64 (repeatable).", valueName: "section.key=value"
    ))
  var overrides: [String] = []

  @Option(name: .shortAndLong, help: "The run folder to write (\(help("output.dir"))).")
  var output: String?

  @Flag(
    inversion: .prefixedNo,
    help:
      "Replace the run the output folder holds, removing its files first (\(help("output.overwrite")))."
  )
  var overwrite: Bool?

  @Option(
    help: ArgumentHelp(
      "Which vectors files to write: bin (vectors.bin), txt (vectors.txt) or both ("
        + help(
          "output.formats",
          note: "both, or bin alone when the text would take over "
            + "\(VectorFileFormats.textByteLimit >> 30) GiB") + ")."))
  var formats: VectorFileFormats?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Also write the output vectors, one row per word, as vectors-output.bin; not with "
        + "hierarchical-softmax, whose output rows are not words "
        + "(\(help("output.save_output_vectors")))."))
  var saveOutputVectors: Bool?

  @Option(
    name: .customLong("model"), help: "skipgram or cbow (\(help("model.architecture"))).")
  var architecture: Architecture?

  @Option(
    help:
      ArgumentHelp(
        "negative-sampling, sampled-softmax, nce, full-softmax or hierarchical-softmax "
          + "(\(help("loss.type")))."))
  var loss: Loss?

  @Option(
    help: ArgumentHelp(
      "The candidate sampler: uniform, log-uniform, unigram, or with --candidates batch midx or "
        + "resample, which follow the model (\(help("loss.sampler")))."))
  var sampler: TrainingOptions.SamplerKind?

  @Option(help: "The unigram sampler's power (\(help("loss.power"))).")
  var power: Double?

  @Option(help: "Candidates per window, word2vec's -negative (\(help("loss.samples"))).")
  var samples: Int?

  @Option(
    help: ArgumentHelp(
      "window: one draw per window (fast at few candidates); pair: per pair, word2vec's loop; "
        + "batch: one draw per minibatch, TensorFlow's (fast at many) ("
        + help(
          "loss.candidates",
          note: "batch for sampled-softmax and nce from 64 candidates up, else window") + ")."))
  var candidates: CandidateSharing?

  @Option(
    help: ArgumentHelp(
      "The resample sampler's pool of unigram draws per minibatch ("
        + help("loss.pool", note: "4 × --samples") + ")."))
  var pool: Int?

  @Option(
    help: "The midx sampler's codewords per half of an output row (\(help("loss.codewords"))).")
  var codewords: Int?

  @Option(
    help: ArgumentHelp(
      "Minibatches of a thread between two refits of the midx sampler's codebooks ("
        + help("loss.rebuild_every") + ")."))
  var rebuildEvery: Int?

  @Option(
    help:
      "Examples per minibatch with --candidates batch and the full softmax (\(help("training.batch_size")))."
  )
  var batchSize: Int?

  @Option(help: "Vector size (\(help("model.dim"))).")
  var dim: Int?

  @Option(
    help: "Maximum distance between a word and its context (\(help("model.window"))).")
  var window: Int?

  @Option(
    help: ArgumentHelp(
      "Start the input vectors of the words this word2vec file holds (binary if .bin, else "
        + "text) from its rows, the other words' as usual; fastText's -pretrainedVectors "
        + "(\(help("model.init_vectors"))).",
      valueName: "file"))
  var initVectors: String?

  @Option(help: "Ignore words seen fewer times (\(help("vocabulary.min_count"))).")
  var minCount: Int?

  @Option(
    help: "Keep at most this many of the most frequent words (\(help("vocabulary.max_size"))).")
  var maxSize: Int?

  @Option(
    help: ArgumentHelp(
      "Distinct words the counting table holds (each thread its share), which bounds the "
        + "vocabulary pass's memory, before it overflows as --overflow says "
        + "(\(help("vocabulary.max_distinct")))."))
  var maxDistinct: Int?

  @Option(
    help: ArgumentHelp(
      "spill: write the full table's exact counts to temporary files in $TMPDIR or /var/tmp "
        + "and merge them at the end; prune: drop the rarest words as word2vec does, leaving "
        + "some counts short (\(help("vocabulary.overflow")))."))
  var overflow: VocabularyOverflow?

  @Option(
    help: ArgumentHelp(
      "Train with the words and counts of this vocabulary file ('word count' lines, as "
        + "vocab.txt and samplex vocab -o write them) instead of counting the corpus's; "
        + "--min-count and --max-size still apply, and the corpus's other words are skipped "
        + "as unknown; word2vec's -read-vocab (\(help("vocabulary.read"))).",
      valueName: "file"))
  var readVocab: String?

  @Option(
    help:
      "Subsampling threshold of frequent words, 0 keeps all (\(help("vocabulary.subsample"))).")
  var subsample: Double?

  @Option(help: "Passes over the corpus (\(help("training.epochs"))).")
  var epochs: Int?

  @Option(
    help:
      "Stop after this many seconds of training, decaying the rate over them (\(help("training.budget_seconds")))."
  )
  var budgetSeconds: Double?

  @Option(
    help: ArgumentHelp(
      "Seconds between synchronizations of every row of the model when several processes "
        + "train it under mpirun (default 2, none with --sync-words alone); the most frequent "
        + "words' rows are synchronized 8 times as often (\(help("training.sync_seconds")))."))
  var syncSeconds: Double?

  @Option(
    help: ArgumentHelp(
      "Words of all processes between synchronizations of every row under mpirun, once one "
        + "process has trained its share; with --sync-seconds, whichever comes first "
        + "(\(help("training.sync_words")))."))
  var syncWords: Int?

  @Option(
    help:
      "Starting learning rate (\(help("training.lr", note: "0.025 skip-gram, 0.05 CBOW")))."
  )
  var lr: Double?

  @Option(
    help: "Final learning rate (\(help("training.min_lr", note: "the starting one × 1e-4"))).")
  var minLr: Double?

  @Option(help: "Worker threads (\(help("training.threads", note: "all cores"))).")
  var threads: Int?

  @Option(
    help:
      "Random seed; with --threads 1 a run is bit-for-bit reproducible (\(help("training.seed")))."
  )
  var seed: Int?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "With several threads, measure now and then whether one thread alone trains faster "
        + "(on some virtual machines the threads' shared rows slow them down at times) and let "
        + "it, the others waiting (\(help("training.pace_threads")))."))
  var paceThreads: Bool?

  @Flag(inversion: .prefixedNo, help: "Lowercase every word (\(help("corpus.lowercase"))).")
  var lowercase: Bool?

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Read every epoch from the corpus's ids, spooled while counting the vocabulary to an "
        + "unlinked file in $TMPDIR or /var/tmp (about 1.5 bytes a token), not the text "
        + "(\(help("corpus.spool")))."))
  var spool: Bool?

  @Option(
    help:
      "Share of sentences held out for the exact cross-entropy yardstick (\(help("training.heldout")))."
  )
  var heldout: Double?

  @Option(
    help: ArgumentHelp(
      "Held-out (context, centre) pairs scored after each epoch ("
        + help(
          "training.heldout_pairs",
          note: "\(TrainingOptions.defaultHeldOutPairs), fewer where they would cost over 5% of "
            + "an epoch") + ")."))
  var heldoutPairs: Int?

  @Option(help: "Seconds between progress reports (\(help("training.progress_interval"))).")
  var progressInterval: Double?

  @Option(
    help:
      "Print the nearest neighbours of these comma-separated words at the end (\(help("output.neighbors")))."
  )
  var neighbors: String?

  @Flag(
    inversion: .prefixedNo,
    help: "Evaluate the vectors when training ends (\(help("evaluation.after_training"))).")
  var eval: Bool?

  @Option(help: "Analogy file for --eval (\(help("evaluation.analogies"))).")
  var analogies: String?

  @Option(
    help: "Word-similarity file for --eval (\(help("evaluation.similarity")); repeatable).")
  var similarity: [String] = []

  @Option(
    help:
      "Analogies use this many of the most frequent words (\(help("evaluation.restrict_vocab")))."
  )
  var restrictVocab: Int?

  /// The options given on the command line, as config assignments named by their flags; each
  /// flag's key is `ConfigurationFlags`'s, so that a flag the table lacks fails loudly.
  private func flagAssignments() throws -> [ConfigurationAssignment] {
    // (flag, value); a flag left out has no value.
    let given: [(String, ConfigurationValue?)] = [
      ("--output", output.map { .text($0) }),
      ("--overwrite", overwrite.map { .boolean($0) }),
      ("--model", architecture.map { .text($0.rawValue) }),
      ("--loss", loss.map { .text($0.rawValue) }),
      ("--sampler", sampler.map { .text($0.rawValue) }),
      ("--power", power.map { .number($0) }),
      ("--samples", samples.map { .integer($0) }),
      ("--candidates", candidates.map { .text($0.rawValue) }),
      ("--pool", pool.map { .integer($0) }),
      ("--codewords", codewords.map { .integer($0) }),
      ("--rebuild-every", rebuildEvery.map { .integer($0) }),
      ("--batch-size", batchSize.map { .integer($0) }),
      ("--dim", dim.map { .integer($0) }),
      ("--window", window.map { .integer($0) }),
      ("--min-count", minCount.map { .integer($0) }),
      ("--max-size", maxSize.map { .integer($0) }),
      ("--max-distinct", maxDistinct.map { .integer($0) }),
      ("--overflow", overflow.map { .text($0.rawValue) }),
      ("--read-vocab", readVocab.map { .text($0) }),
      ("--init-vectors", initVectors.map { .text($0) }),
      ("--formats", formats.map { .text($0.rawValue) }),
      ("--save-output-vectors", saveOutputVectors.map { .boolean($0) }),
      ("--subsample", subsample.map { .number($0) }),
      ("--epochs", epochs.map { .integer($0) }),
      ("--lr", lr.map { .number($0) }),
      ("--budget-seconds", budgetSeconds.map { .number($0) }),
      ("--sync-seconds", syncSeconds.map { .number($0) }),
      ("--sync-words", syncWords.map { .integer($0) }),
      ("--min-lr", minLr.map { .number($0) }),
      ("--threads", threads.map { .integer($0) }),
      ("--seed", seed.map { .integer($0) }),
      ("--pace-threads", paceThreads.map { .boolean($0) }),
      ("--lowercase", lowercase.map { .boolean($0) }),
      ("--spool", spool.map { .boolean($0) }),
      ("--heldout", heldout.map { .number($0) }),
      ("--heldout-pairs", heldoutPairs.map { .integer($0) }),
      ("--progress-interval", progressInterval.map { .number($0) }),
      ("--neighbors", neighbors.map { .texts($0.split(separator: ",").map(String.init)) }),
      ("--eval", eval.map { .boolean($0) }),
      ("--analogies", analogies.map { .text($0) }),
      ("--similarity", similarity.isEmpty ? nil : .texts(similarity)),
      ("--restrict-vocab", restrictVocab.map { .integer($0) }),
      ("--checkpoints", checkpoints.map { .boolean($0) }),
      ("--checkpoint-minutes", checkpointMinutes.map { .number($0) }),
      ("--keep-checkpoints", keepCheckpoints.map { .integer($0) }),
    ]
    let corpusArgument = try ConfigurationSchema.key(path: "corpus.path").map {
      try ConfigurationAssignment(key: $0, value: .texts(corpus), origin: .argument("CORPUS"))
    }
    let flags = try given.compactMap { flag, value in
      try value.map {
        try ConfigurationAssignment(
          key: ConfigurationFlags.key(flag: flag), value: $0, origin: .argument(flag))
      }
    }
    return (corpus.isEmpty ? [] : corpusArgument.map { [$0] } ?? []) + flags
  }

  /// What this command asks of the run.
  private func request() throws -> RunRequest {
    RunRequest(
      .train, configFile: config, resumeFolder: resume, flags: try flagAssignments(),
      overrides: overrides)
  }

  /// The run's settings: defaults, then the config file, the flags and `--set`, checked before
  /// any work starts; with the place each was last set, for error messages.
  func resolve() throws -> (RunConfiguration, [String: ConfigurationOrigin]) {
    try request().resolve()
  }

  func run() throws {
    let (configuration, _) = try resolve()
    // Under mpirun, each process trains on its part of the corpus and process 0 alone writes
    // the run folder and reports.
    let processes = LaunchedProcesses.join()
    let run = try Run(
      configuration: configuration, configFile: config, resumes: resume != nil,
      group: processes?.group, log: log)
    let live = run.writesFolder && isatty(STDERR_FILENO) == 1
    // Only process 0 reports the counting pass, as it reports the rest.
    if run.countsVocabulary, run.writesFolder {
      let counting = CountingProgress(live: live)
      var counted = false
      do {
        try run.readVocabulary(bytesRead: counting.bytesRead) {
          counting.finish(succeeded: true)
          counted = true
        }
      } catch {
        if !counted { counting.finish(succeeded: false) }
        throw error
      }
    } else {
      try run.readVocabulary()
    }
    let interrupts = InterruptHandler()
    let outcome: Run.Outcome?
    do {
      outcome = try run.train(stop: interrupts.stop) { tick in
        Self.show(tick, live: live)
      } trainingEnded: {
        if live { FileHandle.standardError.write("\n".data(using: .utf8)!) }
      }
    } catch let interruption as RunInterruption {
      if run.writesFolder { log(interruption.description) }
      // Every process ends its part in the job before any exits, so that process 0 says where
      // to resume before mpirun ends the job for the others' exit status.
      processes?.finish()
      throw ExitCode(130)
    }
    if let outcome { report(outcome, of: configuration) }
    // Every process, so that the others wait for process 0's evaluation (and stop with it).
    try run.evaluate(outcome)?.lines().forEach { TerminalOutput.line($0) }
    processes?.finish()
  }

  /// The run's last lines on standard output: what it trained, its neighbours and evaluation.
  private func report(_ outcome: Run.Outcome, of configuration: RunConfiguration) {
    let run = outcome.training
    let trained =
      outcome.trainedNothing
      ? "nothing was left to train"
      : String(
        format: "trained %@ words in %.1f s (%.0f words/s)", grouped(run.wordsSeen), run.seconds,
        run.wordsPerSecond)
    TerminalOutput.line(
      "\(trained); held-out cross-entropy "
        + (run.heldOutCrossEntropy.last.map {
          String(format: "%.4f nats over %d pairs", $0, run.heldOutPairs)
        } ?? "not measured") + "; wrote \(configuration.output)")
    if run.secondsAlone >= 0.05 {
      TerminalOutput.line(
        String(
          format:
            "one thread trained alone for %.1f of those seconds, the others waiting: together "
            + "they measured slower then (rows they share move slowly between this host's CPUs "
            + "at times; --no-pace-threads turns the measuring off)", run.secondsAlone))
    }
    if !configuration.neighbors.isEmpty {
      let index = NearestNeighbors(words: Array(run.vocabulary.words), vectors: run.model.input)
      for word in configuration.neighbors {
        guard let id = run.vocabulary.id(of: word) else {
          TerminalOutput.line("\(word): not in the vocabulary")
          continue
        }
        let list = index.neighbors(of: Int(id), count: 8).map {
          String(format: "%@ %.3f", $0.word, $0.similarity)
        }
        TerminalOutput.line("\(word): " + list.joined(separator: ", "))
      }
    }
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

/// `section.key; default VALUE` for a flag's help (`ConfigurationFlags.help`).
private func help(_ path: String, note: String? = nil) -> String {
  ConfigurationFlags.help(path, note: note)
}
