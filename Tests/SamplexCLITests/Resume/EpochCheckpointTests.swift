import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct EpochCheckpointTests {
  /// Four copies of the bundled head of the KJV (about 30,000 words): an epoch of one worker
  /// passes three publishing points (every 10,000 words at 5 candidates), where a worker can
  /// pause.
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

  /// 900 candidates a window cost 901 output rows an example, so workers publish every
  /// 10,000 × 128 / 901 = 1,420 words (`PublishingInterval`): a checkpoint at every publishing
  /// point pauses an epoch of the bundled head of the KJV (about 7,600 trained words) about
  /// five times, where 10,000 words would never pause it. Resumed from the last pause, the run
  /// ends bit-for-bit like the uninterrupted one.
  @Test func aCostlyLossPausesAtItsShorterIntervalAndResumesExactly() throws {
    let root = try Fixtures.temporaryDirectory()
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    func train(into folder: String, minutes: String) throws {
      var command = try SamplexCommand.parseAsRoot([
        "train", corpus, "--output", folder, "--min-count", "1", "--dim", "8", "--window", "2",
        "--epochs", "2", "--threads", "1", "--seed", "5", "--heldout-pairs", "50", "--heldout",
        "0.05", "--samples", "900", "--candidates", "window", "--checkpoint-minutes", minutes,
      ])
      try command.run()
    }
    try train(into: root + "/whole", minutes: "1000")
    try train(into: root + "/cut", minutes: "1e-7")
    for name in ["checkpoint-2.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: root + "/cut/" + name)
    }
    let inside = try Checkpoint.latest(in: root + "/cut")
    let epochOne = try Checkpoint.read(
      path: Checkpoint.path(in: root + "/whole", stamp: .init(epochs: 1)))
    #expect(inside.epochsDone == 1 && inside.part >= 3, "\(inside.stamp)")
    // Each pause comes once the worker has 1,420 words unpublished, within a verse past them.
    let wordsPerPause = (inside.wordsSeen - epochOne.wordsSeen) / max(inside.part, 1)
    #expect((1_420..<1_520).contains(wordsPerPause), "\(wordsPerPause) words a pause")
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    let identical = try vectors(root + "/whole").values == vectors(root + "/cut").values
    #expect(identical, "resumed inside epoch 2 from \(inside.stamp): vectors differ")
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
