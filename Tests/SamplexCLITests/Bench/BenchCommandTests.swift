import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

private func bench(_ arguments: [String]) throws -> BenchCommand {
  let command = try SamplexCommand.parseAsRoot(["bench"] + arguments)
  return try #require(command as? BenchCommand)
}

/// A bench config of `yaml` written to a file: its path.
private func benchConfig(_ yaml: String) throws -> String {
  try Fixtures.file(named: "b.yaml", bytes: Array(yaml.utf8))
}

/// The bench corpus's section: the bundled head of the King James Bible.
private let tinyCorpus = "corpus:\n  path: \(Fixtures.data("tiny/kjv-head.txt"))\n"

@Suite struct BenchCommandTests {
  @Test func aBadGridEntryIsOneSentenceNamingTheLine() throws {
    let config = try benchConfig(tinyCorpus + "bench:\n  samples: [5, many]\n")
    #expect(
      errorMessage { try bench([config]).run() }
        == "\(config):4: 'bench.samples' lists 'many'; each entry must be a positive integer.")
  }

  @Test func aMissingCorpusNamesTheConfigLine() throws {
    let config = try benchConfig("corpus:\n  path: /no/such.txt\n")
    #expect(
      errorMessage { try bench([config]).run() }
        == "\(config):2: 'corpus.path' names /no/such.txt, which does not exist; fix the path "
        + "(relative paths start from the working directory).")
  }

  /// An output folder that cannot be made (under a file) is one sentence naming it and why;
  /// before, Foundation's own error was printed (`Error Domain=NSCocoaErrorDomain Code=512`).
  @Test func anOutputFolderThatCannotBeMadeIsOneSentence() throws {
    let file = try Fixtures.file(named: "file", bytes: [1])
    let config = try benchConfig(tinyCorpus + "output:\n  dir: \(file)/bench\n")
    #expect(
      errorMessage { try bench([config]).run() }
        == "\(file)/bench/cells: cannot be written (the folder cannot be made: Not a directory); "
        + "check that the folder exists, is writable and has room.")
  }

  /// A bench's cells count their corpus and start from random vectors: a key that would have a
  /// run start otherwise is refused, naming where it was set.
  @Test func keysOfARunsStartAreRefused() throws {
    let config = try benchConfig(tinyCorpus + "vocabulary:\n  read: v.txt\n")
    #expect(
      errorMessage { try bench([config]).run() }
        == "\(config):4: 'vocabulary.read' is not used by samplex bench, whose cells all count "
        + "the corpus's vocabulary and start from word2vec's random vectors; leave it out of the "
        + "bench's config.")
    #expect(
      errorMessage {
        try bench([config, "--set", "vocabulary.read=null", "--set", "model.init_vectors=v.bin"])
          .run()
      }?.hasPrefix("--set model.init_vectors=v.bin: 'model.init_vectors' is not used") == true)
  }

  /// `--set` reaches the bench's keys, and `--output` the folder: a one-cell bench (the full
  /// softmax alone, half a second) writes its report there.
  @Test func setAndOutputShapeTheBench() throws {
    let folder = try Fixtures.temporaryDirectory() + "/bench"
    let config = try Fixtures.file(
      named: "b.yaml",
      bytes: Array(
        ("corpus:\n  path: \(Fixtures.data("tiny/kjv-head.txt"))\nvocabulary:\n  min_count: 3\n"
          + "model:\n  dim: 8\ntraining:\n  threads: 1\n  heldout: 0.05\n  budget_seconds: 0.5\n")
          .utf8))
    try bench([
      config, "--output", folder, "--set", "bench.losses=[]", "--set", "bench.eval_interval=0.2",
      "--set", "output.dir=\(folder)-set",
    ]).run()
    // --output names the folder whatever --set says.
    #expect(!FileManager.default.fileExists(atPath: folder + "-set"))
    let csv = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 2)
    #expect(csv.contains("\nfull-softmax,full-softmax,exact,"))
  }
}
