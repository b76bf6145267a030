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

@Suite struct BenchCommandTests {
  @Test func aBadGridEntryIsOneSentenceNamingTheLine() throws {
    let config = try Fixtures.file(
      named: "b.yaml",
      bytes: Array(
        "corpus:\n  path: \(Fixtures.data("tiny/kjv-head.txt"))\nbench:\n  samples: [5, many]\n"
          .utf8))
    #expect(
      errorMessage { try bench([config]).run() }
        == "\(config):4: 'bench.samples' lists 'many'; each entry must be a positive integer.")
  }

  @Test func aMissingCorpusNamesTheConfigLine() throws {
    let config = try Fixtures.file(
      named: "b.yaml", bytes: Array("corpus:\n  path: /no/such.txt\n".utf8))
    #expect(
      errorMessage { try bench([config]).run() }
        == "\(config):2: 'corpus.path' names /no/such.txt, which does not exist; fix the path "
        + "(relative paths start from the working directory).")
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
    ]).run()
    let csv = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 2)
    #expect(csv.contains("\nfull-softmax,full-softmax,exact,"))
  }
}
