import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

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
    try damageCheckpoints(in: root + "/cut", epochs: [2, 3])
    var none = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    #expect(
      throws: TrainingError.noWholeCheckpoint(
        directory: root + "/cut",
        damaged: [3, 2].map { "checkpoint-\($0).bin: its checksum does not match its contents" })
    ) { try none.run() }
  }

  /// `output.keep_checkpoints`: how many of a run's newest checkpoints its folder keeps.
  @Test func aRunKeepsItsNewestCheckpoints() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(into: root + "/one", extra: ["--keep-checkpoints", "1"])
    #expect(Checkpoint.epochs(in: root + "/one") == [3])
    try train(into: root + "/three", extra: ["--keep-checkpoints", "3"])
    #expect(Checkpoint.epochs(in: root + "/three") == [1, 2, 3])
    let config = try String(contentsOfFile: root + "/three/config.yaml", encoding: .utf8)
    #expect(config.contains("keep_checkpoints: 3"))
    let command = try #require(
      try SamplexCommand.parseAsRoot([
        "train", Fixtures.data("tiny/kjv-head.txt"), "--keep-checkpoints", "0",
      ]) as? TrainCommand)
    #expect {
      _ = try command.resolve()
    } throws: { error in
      "\(error)" == "--keep-checkpoints: 'output.keep_checkpoints' must be at least 1, not 0."
    }
  }

  /// With three kept, a resume whose two newest checkpoints are damaged goes on from the third,
  /// trains the epochs after it again and keeps three whole ones.
  @Test func aResumeFallsBackPastDamagedCheckpointsItKept() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(into: root + "/run", extra: ["--keep-checkpoints", "3"])
    let kept = try Checkpoint.read(path: Checkpoint.path(in: root + "/run", epochs: 1))
    try damageCheckpoints(in: root + "/run", epochs: [2, 3])
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/run"])
    try resume.run()
    #expect(Checkpoint.epochs(in: root + "/run") == [1, 2, 3])
    let newest = try Checkpoint.read(path: Checkpoint.path(in: root + "/run", epochs: 3))
    #expect(newest.wordsSeen > kept.wordsSeen)
    #expect(newest.crossEntropies.count == 3)
  }

  /// Flips a bit of each checkpoint after `epochs` in `folder`, near its end, so that its
  /// checksum no longer matches and its header still names the run.
  private func damageCheckpoints(in folder: String, epochs: [Int]) throws {
    for stamp in epochs {
      let path = Checkpoint.path(in: folder, epochs: stamp)
      var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      bytes[bytes.count - 100] ^= 1
      try bytes.write(to: URL(fileURLWithPath: path))
    }
  }
}
