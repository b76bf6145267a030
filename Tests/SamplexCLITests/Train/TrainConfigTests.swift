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

  /// The full softmax trains in minibatches of `--batch-size` examples (TensorFlow's knob): the
  /// flag is taken and written to the run's config, a different size trains different vectors,
  /// and the candidate keys stay refused.
  @Test func theFullSoftmaxTakesABatchSize() throws {
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    let full = ["--loss", "full-softmax"]
    let (configuration, _) = try train([corpus, "--batch-size", "8"] + full).resolve()
    #expect(configuration.training.batchSize == 8)
    #expect {
      _ = try train([corpus, "--samples", "10"] + full).resolve()
    } throws: { error in "\(error)".hasPrefix("--samples: 'loss.samples' does not apply") }
    let folder = try Fixtures.temporaryDirectory()
    for size in ["1", "256"] {
      try train(
        [
          corpus, "--output", folder + "/batch-" + size, "--min-count", "2", "--dim", "8",
          "--epochs", "1", "--threads", "1", "--batch-size", size,
        ] + full
      ).run()
    }
    let written = try String(contentsOfFile: folder + "/batch-1/config.yaml", encoding: .utf8)
    #expect(written.contains("  batch_size: 1\n"))
    let one = try Word2VecReader.read(path: folder + "/batch-1/vectors.bin")
    let many = try Word2VecReader.read(path: folder + "/batch-256/vectors.bin")
    #expect(one.words == many.words && one.values != many.values)
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
