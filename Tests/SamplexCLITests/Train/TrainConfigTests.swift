import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

private func train(_ arguments: [String]) throws -> TrainCommand {
  let command = try SamplexCommand.parseAsRoot(["train"] + arguments)
  return try #require(command as? TrainCommand)
}

@Suite struct TrainConfigTests {
  @Test func flagsOverrideTheFileAndSetOverridesBoth() throws {
    let config = try Fixtures.file(
      named: "c.yaml",
      bytes: Array(
        "corpus:\n  path: \(Fixtures.data("tiny/kjv-head.txt"))\nmodel:\n  dim: 10\n  window: 3\n"
          .utf8))
    let (configuration, origins) = try train([
      "--config", config, "--dim", "20", "--set", "model.window=7", "--window", "4",
    ]).resolve()
    #expect(configuration.training.dimensions == 20)
    #expect(configuration.training.window == 7)
    #expect(origins["model.dim"]?.description == "--dim")
    #expect(origins["corpus.path"]?.description == config + ":2")
    let (plain, _) = try train([Fixtures.data("tiny/kjv-head.txt")]).resolve()
    #expect(plain.training.dimensions == 100)
  }

  @Test func aMissingCorpusNamesTheConfigLine() throws {
    let config = try Fixtures.file(
      named: "c.yaml", bytes: Array("# x\ncorpus:\n  path: /no/such.txt\n".utf8))
    #expect {
      _ = try train(["--config", config]).resolve()
    } throws: { error in
      "\(error)" == "\(config):3: 'corpus.path' names /no/such.txt, which does not exist; fix the "
        + "path (relative paths start from the working directory)."
    }
    #expect(throws: ConfigurationError.noCorpus) { _ = try train([]).resolve() }
  }

  @Test func badFlagValuesNameTheFlag() {
    #expect {
      _ = try train([Fixtures.data("tiny/kjv-head.txt"), "--min-count", "0"]).resolve()
    } throws: { error in
      "\(error)" == "--min-count: 'vocabulary.min_count' must be at least 1, not 0."
    }
    #expect {
      _ = try train([Fixtures.data("tiny/kjv-head.txt"), "--eval"]).resolve()
    } throws: { error in
      SamplexCommand.message(for: error).contains("--eval needs evaluation files")
    }
  }

  @Test func aRunsConfigRepeatsTheRun() throws {
    let folder = try Fixtures.temporaryDirectory()
    let config = try Fixtures.file(
      named: "tiny.yaml",
      bytes: Array(
        """
        corpus: {path: \(Fixtures.data("tiny/kjv-head.txt"))}
        vocabulary: {min_count: 2}
        model: {dim: 8, window: 2}
        training: {epochs: 1, threads: 1, seed: 3, heldout_pairs: 0}
        evaluation:
          similarity: [\(Fixtures.data("eval/wordsim353.tsv"))]
          after_training: false
        """.utf8))
    let first = try train(["--config", config, "--output", folder + "/first", "--lr", "0.03"])
    try first.run()
    let second = try train([
      "--config", folder + "/first/config.yaml", "--output", folder + "/second",
    ])
    try second.run()
    let a = try Word2VecReader.read(path: folder + "/first/vectors.bin")
    let b = try Word2VecReader.read(path: folder + "/second/vectors.bin")
    #expect(a.words == b.words)
    #expect(a.values == b.values)
    let written = try String(contentsOfFile: folder + "/second/config.yaml", encoding: .utf8)
    #expect(written.contains("  lr: 0.03\n"))
    #expect(written.contains("  dir: \"\(folder)/second\"\n"))
  }

  /// The candidate keys mean nothing to the hierarchical softmax: setting one by flag or --set
  /// is refused naming it (a config file's are left alone); a run's config.yaml leaves them
  /// out, and repeats the run.
  @Test func candidateKeysAreRefusedForTheHierarchicalSoftmax() throws {
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    let hs = ["--loss", "hierarchical-softmax"]
    for (extra, origin, key) in [
      (["--samples", "10"], "--samples", "loss.samples"),
      (["--candidates", "batch"], "--candidates", "loss.candidates"),
      (["--set", "training.batch_size=64"], "--set training.batch_size=64", "training.batch_size"),
      (["--sampler", "uniform"], "--sampler", "loss.sampler"),
    ] {
      #expect {
        _ = try train([corpus] + hs + extra).resolve()
      } throws: { error in
        "\(error)"
          == "\(origin): '\(key)' does not apply to loss hierarchical-softmax, which draws no "
          + "candidates; leave it out, or pick a sampled loss (negative-sampling, "
          + "sampled-softmax, nce)."
      }
    }
    // A recipe's candidate keys serve a loss given by flag: a file's are left alone.
    let config = try Fixtures.file(named: "hs.yaml", bytes: Array("loss:\n  power: 0.5\n".utf8))
    let (fromFile, _) = try train([corpus, "--config", config] + hs).resolve()
    #expect(fromFile.training.loss == .hierarchicalSoftmax)
    let folder = try Fixtures.temporaryDirectory()
    try train(
      [
        corpus, "--output", folder + "/first", "--min-count", "2", "--dim", "8", "--epochs", "1",
        "--threads", "1",
      ] + hs
    ).run()
    let written = try String(contentsOfFile: folder + "/first/config.yaml", encoding: .utf8)
    #expect(written.contains("  type: hierarchical-softmax\n"))
    #expect(!written.contains("samples:") && !written.contains("batch_size:"))
    try train(["--config", folder + "/first/config.yaml", "--output", folder + "/second"]).run()
    let a = try Word2VecReader.read(path: folder + "/first/vectors.bin")
    let b = try Word2VecReader.read(path: folder + "/second/vectors.bin")
    #expect(a.values == b.values)
  }

  @Test func aBadConfigStopsBeforeAnyWork() throws {
    let folder = try Fixtures.temporaryDirectory()
    let config = try Fixtures.file(
      named: "bad.yaml",
      bytes: Array(
        "corpus:\n  path: \(Fixtures.data("tiny/kjv-head.txt"))\nvocabulary:\n  min_cout: 3\n".utf8)
    )
    let command = try train(["--config", config, "--output", folder + "/run"])
    #expect {
      try command.run()
    } throws: { error in
      "\(error)"
        == "\(config):4: unknown key 'min_cout' in 'vocabulary' (did you mean 'min_count'?)"
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/run"))
  }
}

@Suite struct ResumeTests {
  /// A three-epoch run of one worker, written to `folder`.
  private func train(into folder: String, extra: [String] = []) throws {
    var command = try SamplexCommand.parseAsRoot(
      [
        "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--min-count", "2",
        "--dim", "8", "--window", "2", "--epochs", "3", "--threads", "1", "--seed", "5",
        "--heldout-pairs", "50", "--heldout", "0.05",
      ] + extra)
    try command.run()
  }

  @Test func aResumedRunEndsBitForBitLikeAnUninterruptedOne() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(into: root + "/whole")
    // Two checkpoints are kept: after epochs 2 and 3.
    #expect(Checkpoint.epochs(in: root + "/whole") == [2, 3])
    // The same run, "interrupted" after epoch 2: its last checkpoint and outputs are gone.
    try train(into: root + "/cut")
    for name in ["checkpoint-3.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: root + "/cut/" + name)
    }
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    let whole = try Word2VecReader.read(path: root + "/whole/vectors.bin")
    let resumed = try Word2VecReader.read(path: root + "/cut/vectors.bin")
    #expect(resumed.words == whole.words)
    let identical = resumed.values == whole.values
    #expect(identical, "the resumed run's vectors differ from the uninterrupted run's")
    let checkpoint = try Checkpoint.latest(in: root + "/cut")
    #expect(checkpoint.epochsDone == 3)
    #expect(checkpoint.crossEntropies.count == 3)
    // The resumed run's metrics keep the interrupted run's up to its checkpoint: the same
    // epochs, words and held-out cross-entropies as the uninterrupted run's.
    #expect(try epochEnds(in: root + "/cut") == epochEnds(in: root + "/whole"))
    #expect(try epochEnds(in: root + "/whole").count == 3)
    // Its clock goes on from the interrupted run's last kept line instead of starting again.
    let text = try String(contentsOfFile: root + "/cut/metrics.jsonl", encoding: .utf8)
    let seconds = try text.split(separator: "\n").map { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      return (object?["seconds"] as? NSNumber)?.doubleValue ?? -1
    }
    #expect(seconds.count >= 3 && seconds.allSatisfy { $0 >= 0 })
    #expect(zip(seconds, seconds.dropFirst()).allSatisfy { $0 < $1 }, "\(seconds)")
  }

  /// The epoch-end ticks of a run folder's metrics.jsonl: (epoch, words, held-out CE).
  private func epochEnds(in folder: String) throws -> [[Double]] {
    let text = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
    return try text.split(separator: "\n").compactMap { line in
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      guard let object, let crossEntropy = object["heldout_cross_entropy"] as? Double else {
        return nil
      }
      return [object["epoch"], object["words"]].compactMap { ($0 as? NSNumber)?.doubleValue }
        + [crossEntropy]
    }
  }

  /// A run that trained every epoch but stopped while writing its files (here: they are
  /// deleted) is resumed from its last checkpoint: nothing is trained, and the files are written
  /// as the run would have written them.
  @Test func aRunThatStoppedWhileWritingItsFilesResumesToThem() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(into: root + "/run")
    let vectors = try Data(contentsOf: URL(fileURLWithPath: root + "/run/vectors.bin"))
    let metrics = try epochEnds(in: root + "/run")
    for name in ["vectors.bin", "vectors.txt", "vocab.txt", "metrics.jsonl"] {
      try FileManager.default.removeItem(atPath: root + "/run/" + name)
    }
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/run"])
    try resume.run()
    #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/run/vectors.bin")) == vectors)
    #expect(FileManager.default.fileExists(atPath: root + "/run/vocab.txt"))
    // Its metrics were lost with the files; the run's three held-out cross-entropies are in
    // the checkpoint (metrics.jsonl prints six digits).
    #expect(try epochEnds(in: root + "/run") == [])
    let crossEntropies = try Checkpoint.latest(in: root + "/run").crossEntropies
    #expect(crossEntropies.count == 3 && metrics.count == 3)
    #expect(zip(crossEntropies, metrics).allSatisfy { abs($0 - $1[2]) <= 1e-5 * $0 })
    // A checkpoint from past the run's epochs is refused, and the refused attempt leaves the
    // folder's config as it was (it would otherwise hold the attempt's settings).
    let config = try String(contentsOfFile: root + "/run/config.yaml", encoding: .utf8)
    var shorter = try SamplexCommand.parseAsRoot([
      "train", "--resume", root + "/run", "--set", "training.epochs=2",
    ])
    #expect {
      try shorter.run()
    } throws: { error in
      "\(error)".contains("it was written after epoch 3, and the run has 2 epochs")
    }
    #expect(try String(contentsOfFile: root + "/run/config.yaml", encoding: .utf8) == config)
  }

  @Test func resumingNeedsAWholeCheckpoint() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(into: root + "/run", extra: ["--no-checkpoints"])
    #expect(Checkpoint.epochs(in: root + "/run").isEmpty)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/run"])
    #expect(throws: TrainingError.noCheckpoint(directory: root + "/run")) { try resume.run() }
    try train(into: root + "/cut")
    // A checkpoint is read up to its tables, whose size its header gives, and ends with a
    // checksum of everything before it: bytes cut or added, a foreign file, a header announcing
    // impossible sizes and one flipped bit of a table are refused, each in words of its own.
    let whole = Checkpoint.path(in: root + "/cut", epochs: 2)
    let good = try Data(contentsOf: URL(fileURLWithPath: whole))
    var flipped = good
    flipped[good.count - 100] ^= 0x10
    let reasons: [(Data, String)] = [
      (good.prefix(good.count - 4), "it ends early"),
      (good + Data([1, 2, 3, 4]), "it has bytes past its end"),
      (Data("hello, world".utf8), "it is not a Samplex checkpoint"),
      (
        good.prefix(24) + Data(repeating: 0xFF, count: 16) + good.dropFirst(40),
        "its header is damaged"
      ),
      (flipped, "its checksum does not match its contents"),
    ]
    for (bytes, reason) in reasons {
      let damagedPath = root + "/damaged.bin"
      try bytes.write(to: URL(fileURLWithPath: damagedPath))
      #expect(throws: TrainingError.corruptCheckpoint(path: damagedPath, reason: reason)) {
        _ = try Checkpoint.read(path: damagedPath)
      }
    }
    // A cut newest checkpoint is passed over: the run resumes from epoch 2 and writes epoch 3's
    // again, whole.
    let path = Checkpoint.path(in: root + "/cut", epochs: 3)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(bytes.count - 4).write(to: URL(fileURLWithPath: path))
    var again = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try again.run()
    #expect(Checkpoint.epochs(in: root + "/cut") == [2, 3])
    #expect(try Checkpoint.read(path: path).wordsSeen > Checkpoint.read(path: whole).wordsSeen)
    // With every checkpoint damaged, the resume is refused in one sentence naming each.
    for stamp in [2, 3] {
      let path = Checkpoint.path(in: root + "/cut", epochs: stamp)
      var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      bytes[bytes.count - 100] ^= 1
      try bytes.write(to: URL(fileURLWithPath: path))
    }
    var none = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    #expect(
      throws: TrainingError.noWholeCheckpoint(
        directory: root + "/cut",
        damaged: [3, 2].map { "checkpoint-\($0).bin: its checksum does not match its contents" })
    ) { try none.run() }
  }
}

@Suite struct EpochCheckpointTests {
  /// Four copies of the bundled head of the KJV (about 30,000 words): an epoch of one worker
  /// passes three publishing points (every 10,000 words), where a worker can pause.
  static func corpus() throws -> String {
    let text = try OpenFile(path: Fixtures.data("tiny/kjv-head.txt")).contents()
    return try Fixtures.file(
      named: "kjv-head-x4.txt", bytes: Array(repeating: text, count: 4).flatMap { $0 })
  }

  private func train(
    _ corpus: String, into folder: String, threads: Int = 1, extra: [String] = []
  ) throws {
    var command = try SamplexCommand.parseAsRoot(
      [
        "train", corpus, "--output", folder, "--min-count", "2", "--dim", "8", "--window", "2",
        "--epochs", "3", "--threads", "\(threads)", "--seed", "5", "--heldout-pairs", "50",
        "--heldout", "0.05",
      ] + extra)
    try command.run()
  }

  private func vectors(_ folder: String) throws -> WordVectors {
    try Word2VecReader.read(path: folder + "/vectors.bin")
  }

  /// A checkpoint at every publishing point (an interval of a few microseconds) pauses the
  /// workers, writes, and goes on from the saved positions: with one worker the vectors are
  /// bit-for-bit those of a run that never paused, which fails if a resumed worker trains a
  /// sentence twice, skips one, or draws from a generator in another state.
  @Test func pausingInsideEpochsChangesNothing() throws {
    let root = try Fixtures.temporaryDirectory()
    let corpus = try Self.corpus()
    // 1e300 minutes: longer than a timer can count, so never (it trapped converting to
    // nanoseconds once).
    try train(corpus, into: root + "/plain", extra: ["--checkpoint-minutes", "1e300"])
    try train(corpus, into: root + "/paused", extra: ["--checkpoint-minutes", "1e-7"])
    // The newest two: one inside epoch 3, then the one after it.
    let stamps = Checkpoint.stamps(in: root + "/paused")
    #expect(stamps.count == 2 && stamps[0].epochs == 2 && stamps[0].part >= 1, "\(stamps)")
    #expect(stamps.last == Checkpoint.Stamp(epochs: 3))
    #expect(Checkpoint.stamps(in: root + "/plain") == [.init(epochs: 2), .init(epochs: 3)])
    let identical = try vectors(root + "/plain").values == vectors(root + "/paused").values
    #expect(identical, "pausing inside epochs changed the vectors")
  }

  /// A run resumed from a checkpoint inside an epoch ends bit-for-bit like an uninterrupted one,
  /// with candidates per window and per minibatch (a worker's pending examples are trained
  /// when it publishes, so a checkpoint holds none), and with the hierarchical softmax, whose
  /// tree the resume rebuilds from the vocabulary.
  @Test(arguments: [
    ["--candidates", "window"],
    [
      "--loss", "sampled-softmax", "--samples", "16", "--candidates", "batch", "--batch-size", "64",
    ],
    ["--loss", "hierarchical-softmax"],
  ])
  func aRunResumedInsideAnEpochEndsLikeAnUninterruptedOne(candidates: [String]) throws {
    let root = try Fixtures.temporaryDirectory()
    let corpus = try Self.corpus()
    try train(corpus, into: root + "/whole", extra: ["--checkpoint-minutes", "1000"] + candidates)
    try train(corpus, into: root + "/cut", extra: ["--checkpoint-minutes", "1e-7"] + candidates)
    for name in ["checkpoint-3.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: root + "/cut/" + name)
    }
    let inside = try Checkpoint.latest(in: root + "/cut")
    #expect(inside.part >= 1 && inside.positions.count == 1 && !inside.positions[0].finished)
    #expect(inside.positions[0].sentences > 0)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    let identical = try vectors(root + "/whole").values == vectors(root + "/cut").values
    #expect(identical, "resumed inside epoch 3 from \(inside.stamp): vectors differ")
  }

  /// A stop request (what SIGINT and SIGTERM send) pauses the workers at their next publishing
  /// point and saves a checkpoint there: stopped inside the first epoch, the saved state holds
  /// the held-out sentences collected so far, and the resumed run ends with the uninterrupted
  /// run's vectors and held-out cross-entropies.
  @Test func aStopInsideTheFirstEpochIsSavedAndResumedExactly() throws {
    let root = try Fixtures.temporaryDirectory()
    let corpus = try Self.corpus()
    try train(corpus, into: root + "/whole")
    let cut = root + "/cut"
    let command = try SamplexCommand.parseAsRoot(
      [
        "train", corpus, "--output", cut, "--min-count", "2", "--dim", "8", "--window", "2",
        "--epochs", "3", "--threads", "1", "--seed", "5", "--heldout-pairs", "50", "--heldout",
        "0.05",
      ])
    let (configuration, _) = try #require(command as? TrainCommand).resolve()
    try FileManager.default.createDirectory(atPath: cut, withIntermediateDirectories: true)
    try ConfigurationWriter.write(configuration, to: cut + "/config.yaml")
    let source = try TextSource(path: corpus)
    let (vocabulary, _) = try VocabularyBuilder.vocabulary(
      of: source, options: configuration.training)
    let stop = StopRequest()
    stop.request()
    let saved = Checkpoint.path(in: cut, stamp: .init(epochs: 0, part: 1))
    #expect(throws: TrainingError.interrupted(epoch: 1, checkpoint: saved)) {
      try TrainerFactory.train(
        options: configuration.training, source: source, vocabulary: vocabulary,
        checkpoints: CheckpointFolder(path: cut, configuration: configuration), stop: stop)
    }
    let inside = try Checkpoint.read(path: saved)
    #expect(inside.wordsSeen >= 10_000 && inside.wordsSeen < 20_000, "\(inside.wordsSeen)")
    #expect(inside.positions.count == 1 && !inside.positions[0].heldOut.isEmpty)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", cut])
    try resume.run()
    let identical = try vectors(root + "/whole").values == vectors(cut).values
    #expect(identical, "resumed inside epoch 1: vectors differ")
    let whole = try Checkpoint.latest(in: root + "/whole")
    let resumed = try Checkpoint.latest(in: cut)
    #expect(resumed.crossEntropies == whole.crossEntropies && whole.crossEntropies.count == 3)
  }

  /// Several workers pause and go on too: every word of every epoch is trained exactly once.
  @Test func pausedWorkersTrainEveryWordOnce() throws {
    let root = try Fixtures.temporaryDirectory()
    let corpus = try Self.corpus()
    try train(corpus, into: root + "/plain", threads: 2, extra: ["--checkpoint-minutes", "1000"])
    try train(corpus, into: root + "/paused", threads: 2, extra: ["--checkpoint-minutes", "1e-7"])
    let words = { (folder: String) throws -> [Int] in
      try Checkpoint.stamps(in: folder).map {
        try Checkpoint.read(path: Checkpoint.path(in: folder, stamp: $0)).wordsSeen
      }
    }
    let plain = try words(root + "/plain")
    let paused = try words(root + "/paused")
    #expect(plain.last == paused.last && plain.last ?? 0 > 0, "\(plain) vs \(paused)")
  }

  /// Text one reader deals out (a single-frame `.zst` here, standard input the other case) is
  /// spooled by the counting pass, the same way on every run, so two workers pause inside
  /// epochs there too, and a run resumed inside an epoch trains every word of every epoch once.
  @Test func workersOfADealtCorpusPauseAndResumeInsideEpochs() throws {
    let root = try Fixtures.temporaryDirectory()
    // Twelve copies (about 90,000 words): the pass deals 65,536-token turns, so both workers
    // get a part.
    let text = try OpenFile(path: Fixtures.data("tiny/kjv-head.txt")).contents()
    let plainText = try Fixtures.file(
      named: "kjv-head-x12.txt", bytes: Array(repeating: text, count: 12).flatMap { $0 })
    let corpus = plainText + ".zst"
    var reader = try TextSource(path: plainText).sequentialReader()
    let frames = try FrameCompressor(frameBytes: 64 << 20).compress(&reader, to: corpus).frames
    #expect(try frames == 1 && !TextSource(path: corpus).givesFixedShards(workers: 2))
    try train(corpus, into: root + "/plain", threads: 2, extra: ["--checkpoint-minutes", "1000"])
    try train(corpus, into: root + "/cut", threads: 2, extra: ["--checkpoint-minutes", "1e-7"])
    let stamps = Checkpoint.stamps(in: root + "/cut")
    #expect(stamps.count == 2 && stamps[0].epochs == 2 && stamps[0].part >= 1, "\(stamps)")
    // Resumed from the last checkpoint inside epoch 3.
    for name in ["checkpoint-3.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: root + "/cut/" + name)
    }
    let inside = try Checkpoint.latest(in: root + "/cut")
    #expect(inside.positions.count == 2 && inside.positions.contains { !$0.finished })
    // Without the counting pass's spool the workers could not find their places: refused.
    let command = try SamplexCommand.parseAsRoot(
      [
        "train", corpus, "--min-count", "2", "--dim", "8", "--window", "2", "--epochs", "3",
        "--threads", "2", "--seed", "5", "--heldout-pairs", "50", "--heldout", "0.05",
      ])
    let options = try #require(command as? TrainCommand).resolve().0.training
    let source = try TextSource(path: corpus)
    let vocabulary = try VocabularyBuilder.vocabulary(of: source, options: options).vocabulary
    #expect(
      throws: TrainingError.checkpointMismatch(
        path: "checkpoint-\(inside.stamp).bin",
        reason:
          "it was written inside an epoch, and this run's workers take the corpus in no fixed "
          + "order: one reader deals it out, and this run has no spool of it (corpus.spool)")
    ) {
      try TrainerFactory.train(
        options: options, source: source, vocabulary: vocabulary, resume: inside)
    }
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    let plain = try Checkpoint.latest(in: root + "/plain")
    let resumed = try Checkpoint.latest(in: root + "/cut")
    #expect(resumed.stamp == Checkpoint.Stamp(epochs: 3))
    #expect(resumed.wordsSeen == plain.wordsSeen && plain.wordsSeen > 0)
    #expect(FileManager.default.fileExists(atPath: root + "/cut/vectors.bin"))
  }
}

@Suite struct InterruptionTests {
  static let arguments = [
    "train", Fixtures.data("tiny/kjv-head.txt"), "--min-count", "2", "--dim", "8", "--window",
    "2", "--epochs", "150", "--threads", "1", "--seed", "9", "--heldout-pairs", "50",
    "--heldout", "0.05", "--progress-interval", "1000",
  ]

  /// Starts the built `samplex` (`Fixtures.builtSamplex`) training into `folder`,
  /// waits for a checkpoint from epoch 2 on, sends `signal` and waits for it to end. (A release
  /// build trains an epoch of this text in milliseconds and keeps only the newest two
  /// checkpoints, so `checkpoint-2.bin` itself may be gone by the next look.)
  private func interruptedRun(into folder: String, signal: Int32) throws -> (
    status: Int32, errors: String
  ) {
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = Self.arguments + ["--output", folder]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while !Checkpoint.stamps(in: folder).contains(where: { $0.epochs >= 2 }),
      process.isRunning, Date() < deadline
    {
      usleep(20_000)
    }
    kill(process.processIdentifier, signal)
    let exitDeadline = Date().addingTimeInterval(30)
    while process.isRunning, Date() < exitDeadline { usleep(20_000) }
    #expect(!process.isRunning, "the run did not end within 30 s of the signal")
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let text = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, text)
  }

  @Test(arguments: [SIGINT, SIGKILL])
  func anInterruptedRunResumesToTheSameVectors(signal: Int32) throws {
    let root = try Fixtures.temporaryDirectory()
    let (status, errors) = try interruptedRun(into: root + "/cut", signal: signal)
    if signal == SIGINT {
      #expect(status == 130)
      #expect(errors.contains("; resume with: samplex train --resume"), "\(errors)")
    }
    // The newest checkpoint is whole. A stopped run leaves no temporary file; a killed one may
    // have been killed mid-write (a release build writes a checkpoint every few milliseconds
    // here), and the resumed run clears what it left.
    func temporaryFiles() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: root + "/cut").filter {
        $0.contains(".partial-")
      }
    }
    if signal == SIGINT { #expect(try temporaryFiles() == []) }
    let checkpoint = try Checkpoint.latest(in: root + "/cut")
    #expect(checkpoint.epochsDone >= 2 && checkpoint.epochsDone < 150)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    #expect(try temporaryFiles() == [])
    var whole = try SamplexCommand.parseAsRoot(Self.arguments + ["--output", root + "/whole"])
    try whole.run()
    let a = try Word2VecReader.read(path: root + "/whole/vectors.bin")
    let b = try Word2VecReader.read(path: root + "/cut/vectors.bin")
    let identical = a.words == b.words && a.values == b.values
    #expect(identical, "resumed after epoch \(checkpoint.epochsDone): vectors differ")
  }
}

@Suite struct FullDiskTests {
  static let settings = ["--epochs", "1", "--threads", "1", "--dim", "32", "--min-count", "1"]

  /// Runs the built `samplex` with `arguments` under a file-size limit of 100 KiB (`ulimit -f`,
  /// with SIGXFSZ ignored so that writes fail with EFBIG as they fail with ENOSPC on a full
  /// disk): a checkpoint of the test's run (about 1,000 words × 32 × 2 tables, 256 KB) cannot
  /// be written. Its exit status and standard error.
  private func underFileSizeLimit(_ arguments: [String]) throws -> (status: Int32, errors: String) {
    try SamplexProcess.run(arguments, after: "trap '' XFSZ; ulimit -f 100")
  }

  /// A first run of one epoch into `folder`.
  private func firstRun(into folder: String) throws {
    var first = try SamplexCommand.parseAsRoot(
      ["train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder] + Self.settings)
    try first.run()
  }

  /// The run resumed for a second epoch cannot write its checkpoint: one clear error, and the
  /// outputs of its first epoch are left as they were.
  @Test func aWriteThatCannotFinishLeavesEarlierOutputsIntact() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    try firstRun(into: folder)
    let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/vectors.bin"))
    let checkpointBefore = try Data(contentsOf: URL(fileURLWithPath: folder + "/checkpoint-1.bin"))
    let (status, text) = try underFileSizeLimit([
      "train", "--resume", folder, "--set", "training.epochs=2",
    ])
    #expect(status == 1)
    #expect(
      text.contains("checkpoint-2.bin: cannot be written (File too large); check that the folder"),
      "\(text)")
    let after = try Data(contentsOf: URL(fileURLWithPath: folder + "/vectors.bin"))
    #expect(after == before)
    let checkpointAfter = try Data(contentsOf: URL(fileURLWithPath: folder + "/checkpoint-1.bin"))
    #expect(checkpointAfter == checkpointBefore)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(!names.contains { $0.contains(".partial-") }, "\(names)")
  }

  /// A run that replaces another (`--overwrite`) and cannot write its checkpoint leaves none of
  /// the old run's files beside its config and record: they were removed before it wrote (a
  /// second run once left its config beside the first run's checkpoint, vectors and
  /// vocabulary).
  @Test func aReplacingRunThatCannotFinishLeavesNothingOfTheRunItReplaced() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    try firstRun(into: folder)
    let replaced = try #require(RunFolder(path: folder).run)
    let (status, text) = try underFileSizeLimit(
      [
        "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--seed", "2",
        "--overwrite",
      ]
        + Self.settings)
    #expect(status == 1)
    #expect(text.contains("checkpoint-1.bin: cannot be written (File too large)"), "\(text)")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names == [RunFolderLock.fileName, "config.yaml", "run.json"])
    let run = RunFolder(path: folder).run
    #expect(run != nil && run != replaced)
    #expect(RunRecord.read(from: folder + "/run.json")?.run == run?.description)
  }
}

@Suite struct RunFailureTests {
  /// Names in `folder` that are partial writes (none may be left).
  private func partials(in folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".partial-") }
  }

  /// A run resumed with a learning rate that makes it diverge in epoch 2 stops with the
  /// sentence naming the epoch and what to do, writes no vectors, and leaves the checkpoint
  /// after epoch 1 byte for byte as it was, ready to resume from with a lower rate.
  @Test func divergenceKeepsTheLastGoodCheckpoint() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    var first = try SamplexCommand.parseAsRoot([
      "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--min-count", "2",
      "--dim", "8", "--epochs", "2", "--threads", "1", "--seed", "3", "--loss", "nce",
      "--sampler", "log-uniform",
    ])
    try first.run()
    // The run "interrupted" after epoch 1.
    for name in ["checkpoint-2.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: folder + "/" + name)
    }
    let good = try OpenFile(path: folder + "/checkpoint-1.bin").contents()
    var diverging = try SamplexCommand.parseAsRoot([
      "train", "--resume", folder, "--set", "training.lr=1e6",
    ])
    #expect {
      try diverging.run()
    } throws: { error in
      let message = "\(error)"
      return message.hasPrefix("training diverged in epoch 2 after ")
        && message.hasSuffix("lower --lr or check the corpus.")
    }
    #expect(try OpenFile(path: folder + "/checkpoint-1.bin").contents() == good)
    #expect(Checkpoint.stamps(in: folder) == [.init(epochs: 1)])
    #expect(!FileManager.default.fileExists(atPath: folder + "/vectors.bin"))
    #expect(try partials(in: folder).isEmpty)
    // The diverging attempt's config.yaml holds its rate, so the retry names a sane one.
    var again = try SamplexCommand.parseAsRoot([
      "train", "--resume", folder, "--set", "training.lr=0.025",
    ])
    try again.run()
    #expect(FileManager.default.fileExists(atPath: folder + "/vectors.bin"))
  }

  /// A model whose tables would not fit in memory is refused before they are allocated: with
  /// 100,000 dimensions (the most a config allows) each word needs 800,000 bytes of tables, so
  /// a corpus of twice as many distinct words as the available memory can hold (at least
  /// 60,000: 48 GB) is refused, and the run, told to replace the run in its folder, leaves
  /// that folder byte for byte as it was (its config.yaml was replaced before the check).
  @Test func aModelTooLargeForMemoryIsRefusedBeforeAllocation() throws {
    let meminfo = String(decoding: try OpenFile(path: "/proc/meminfo").contents(), as: UTF8.self)
    let availableKB =
      meminfo.split(separator: "\n").first { $0.hasPrefix("MemAvailable:") }
      .flatMap { Int($0.split(separator: " ")[1]) } ?? 0
    let distinct = max(60_000, availableKB * 1024 / 800_000 * 2) / 1000 * 1000
    let lines = stride(from: 0, to: distinct, by: 1000).map { start in
      (start..<start + 1000).map { "w\($0)" }.joined(separator: " ")
    }
    let corpus = try Fixtures.file(
      named: "wide.txt", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
    let folder = try Fixtures.temporaryDirectory() + "/run"
    var earlier = try SamplexCommand.parseAsRoot([
      "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--epochs", "1",
      "--dim", "8", "--threads", "1",
    ])
    try earlier.run()
    let before = try SamplexProcess.snapshot(of: folder)
    let refused = try SamplexProcess.run([
      "train", corpus, "--output", folder, "--min-count", "1", "--dim", "100000", "--overwrite",
    ])
    #expect(refused.status == 1)
    let message = refused.errors.split(separator: "\n").last ?? ""
    #expect(
      message.hasPrefix("Error: the model needs ")
        && message.hasSuffix("lower --dim, raise --min-count or set --max-size."), "\(message)")
    #expect(try SamplexProcess.snapshot(of: folder) == before)
  }
}
