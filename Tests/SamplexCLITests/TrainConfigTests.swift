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
    var first = try train(["--config", config, "--output", folder + "/first", "--lr", "0.03"])
    try first.run()
    var second = try train([
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

  @Test func aBadConfigStopsBeforeAnyWork() throws {
    let folder = try Fixtures.temporaryDirectory()
    let config = try Fixtures.file(
      named: "bad.yaml",
      bytes: Array(
        "corpus:\n  path: \(Fixtures.data("tiny/kjv-head.txt"))\nvocabulary:\n  min_cout: 3\n".utf8)
    )
    var command = try train(["--config", config, "--output", folder + "/run"])
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
  }

  @Test func resumingNeedsAWholeCheckpoint() throws {
    let root = try Fixtures.temporaryDirectory()
    try train(into: root + "/run", extra: ["--no-checkpoints"])
    #expect(Checkpoint.epochs(in: root + "/run").isEmpty)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/run"])
    #expect(throws: TrainingError.noCheckpoint(directory: root + "/run")) { try resume.run() }
    try train(into: root + "/cut")
    let path = Checkpoint.path(in: root + "/cut", epochs: 3)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(bytes.count - 4).write(to: URL(fileURLWithPath: path))
    var damaged = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    #expect {
      try damaged.run()
    } throws: { error in
      "\(error)" == "\(path): cannot resume from this checkpoint because it ends early; delete it "
        + "to resume from the one before."
    }
    // With the damaged one deleted, the run resumes from epoch 2.
    try FileManager.default.removeItem(atPath: path)
    var again = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try again.run()
    #expect(Checkpoint.epochs(in: root + "/cut") == [2, 3])
  }
}
