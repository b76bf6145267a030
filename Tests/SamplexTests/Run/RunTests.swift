import Foundation
import Samplex
import TestSupport
import Testing

/// A run through the library, as the README's "As a library" shows it.
@Suite struct RunTests {
  @Test func theReadmesRunWritesItsFolderAndTrains() throws {
    let folder = try Fixtures.temporaryDirectory() + "/lib"
    let (configuration, _) = try RunRequest(
      .train,
      overrides: [
        "corpus.path=\(Fixtures.data("tiny/kjv-head.txt"))", "training.epochs=1",
        "output.dir=\(folder)", "training.threads=1", "vocabulary.min_count=2", "model.dim=8",
      ]
    ).resolve()
    var lines: [String] = []
    let run = try Run(configuration: configuration, log: { lines.append($0) })
    try run.readVocabulary()
    let outcome = try #require(try run.train())
    let vocabulary = outcome.training.vocabulary
    #expect(vocabulary.count > 10)
    #expect(outcome.training.model.input.vector(at: 0).count == 8)
    #expect(outcome.training.wordsSeen > 0)
    #expect(lines.contains { $0.hasPrefix("vocabulary: ") })
    for file in [
      "vectors.bin", "vectors.txt", "vocab.txt", "config.yaml", "metrics.jsonl", "run.json",
    ] {
      #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file) missing")
    }
    // A second new run into the folder is refused: it holds this run.
    let (again, _) = try RunRequest(
      .train,
      overrides: ["corpus.path=\(Fixtures.data("tiny/kjv-head.txt"))", "output.dir=\(folder)"]
    ).resolve()
    #expect(throws: RunFolderError.self) { _ = try Run(configuration: again) }
  }

  @Test func aRunCountsItsVocabularyUnlessGivenAFile() throws {
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    let vocabulary = try Fixtures.file(
      named: "vocab.txt",
      bytes: Array("the 50\nand 40\nof 30\nto 20\nthat 10\nin 9\nhe 8\nshall 7\n".utf8))
    func run(_ extra: [String]) throws -> Run {
      let (configuration, _) = try RunRequest(
        .train,
        overrides: ["corpus.path=\(corpus)", "output.dir=\(try Fixtures.temporaryDirectory())/r"]
          + extra
      ).resolve()
      return try Run(configuration: configuration)
    }
    #expect(try run([]).countsVocabulary)
    let fixed = try run(["vocabulary.read=\(vocabulary)", "vocabulary.min_count=1"])
    #expect(!fixed.countsVocabulary)
    try fixed.readVocabulary()
    #expect(try #require(try fixed.train()).training.vocabulary.count == 8)
  }
}
