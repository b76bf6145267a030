import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// `samplex vocab` and `samplex train` with a counting table far smaller than the corpus's
/// distinct words: spilled (the default), the vocabulary is the unlimited count's; pruned, it
/// is word2vec's pruned one; a limit that is no count is refused in one sentence.
@Suite struct SpilledVocabularyCommandTests {
  private static let corpus = Fixtures.data("tiny/kjv-head.txt")

  private func vocabulary(_ extra: [String], in folder: String, name: String) throws -> String {
    let output = folder + "/" + name
    var command = try SamplexCommand.parseAsRoot(
      ["vocab", Fixtures.bundledPlainCorpus, "--min-count", "1", "-o", output] + extra)
    try command.run()
    return try String(contentsOfFile: output, encoding: .utf8)
  }

  @Test func vocabWithASmallTableWritesTheExactVocabulary() throws {
    let folder = try Fixtures.temporaryDirectory()
    let unlimited = try vocabulary(["--threads", "3"], in: folder, name: "unlimited.txt")
    let spilled = try vocabulary(
      ["--threads", "3", "--max-distinct", "50"], in: folder, name: "spilled.txt")
    let sequential = try vocabulary(
      ["--threads", "1", "--max-distinct", "50", "--overflow", "spill"], in: folder,
      name: "sequential.txt")
    #expect(unlimited.split(separator: "\n").count > 10_000)
    let same = spilled == unlimited && sequential == unlimited
    #expect(same, "a spilled count's vocab.txt differs from the unlimited count's")
    let pruned = try vocabulary(
      ["--threads", "3", "--max-distinct", "50", "--overflow", "prune"], in: folder,
      name: "pruned.txt")
    #expect(pruned.split(separator: "\n").count <= 50)
  }

  @Test func trainWithASmallTableTrainsOnTheExactVocabulary() throws {
    let root = try Fixtures.temporaryDirectory()
    var vocabularies: [String] = []
    for (name, extra) in [("unlimited", []), ("spilled", ["--max-distinct", "40"])] {
      var command = try SamplexCommand.parseAsRoot(
        [
          "train", Self.corpus, "--output", root + "/" + name, "--min-count", "1", "--dim", "8",
          "--epochs", "1", "--threads", "2", "--heldout-pairs", "20",
        ] + extra)
      try command.run()
      vocabularies.append(try String(contentsOfFile: root + "/\(name)/vocab.txt", encoding: .utf8))
    }
    #expect(vocabularies[0].split(separator: "\n").count > 400)
    #expect(vocabularies[1] == vocabularies[0])
    let config = try String(contentsOfFile: root + "/spilled/config.yaml", encoding: .utf8)
    #expect(config.contains("max_distinct: 40"))
    #expect(config.contains("overflow: spill"))
  }

  @Test(arguments: [
    (["vocab", corpus, "--max-distinct", "0"], "--max-distinct must be at least 1."),
    (["vocab", corpus, "--max-distinct", "many"], "'many'"),
    (["vocab", corpus, "--overflow", "drop"], "'drop'"),
    (["train", corpus, "--max-distinct", "many"], "'many'"),
    (["train", corpus, "--overflow", "drop"], "'drop'"),
  ])
  func aLimitThatIsNoCountIsRefused(arguments: [String], message: String) {
    #expect {
      _ = try SamplexCommand.parseAsRoot(arguments)
    } throws: { error in
      let text = SamplexCommand.message(for: error)
      return text.contains(message) && text.contains(arguments[2])
        && !text.contains("\n") && SamplexCommand.exitCode(for: error) != .success
    }
  }

  @Test func trainRefusesATableOfNoWords() throws {
    let command = try #require(
      try SamplexCommand.parseAsRoot(["train", Self.corpus, "--max-distinct", "0"])
        as? TrainCommand)
    #expect {
      _ = try command.resolve()
    } throws: { error in
      "\(error)" == "--max-distinct: 'vocabulary.max_distinct' must be at least 1, not 0."
        && SamplexCommand.exitCode(for: error) != .success
    }
  }
}
