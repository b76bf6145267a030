import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

private let vectorsPath = Fixtures.data("vectors/corpusA-10k-d32.bin")

@Suite struct VectorCommandTests {
  @Test func evalWritesTheFiguresAsJSON() throws {
    let json = try Fixtures.temporaryDirectory() + "/e.json"
    var command = try SamplexCommand.parseAsRoot([
      "eval", vectorsPath, "--analogies", Fixtures.data("eval/questions-words.txt"),
      "--similarity", Fixtures.data("eval/wordsim353.tsv"), "--json", json,
    ])
    try command.run()
    let object = try #require(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
        as? [String: Any])
    // The same vectors, the same figures as the library computes directly.
    let report = try EvaluationReport(
      {
        var settings = EvaluationSettings()
        settings.analogies = Fixtures.data("eval/questions-words.txt")
        settings.similarity = [Fixtures.data("eval/wordsim353.tsv")]
        return settings
      }(), vectors: try Word2VecReader.read(path: vectorsPath))
    // JSON keeps 16 significant digits, hence the tolerance.
    func same(_ key: String, _ value: Double?) throws -> Bool {
      abs(try #require(object[key] as? Double) - (try #require(value))) < 1e-12
    }
    #expect(try same("analogy_acc", report.analogies[.add]?.accuracy))
    #expect(try same("analogy_cosmul_acc", report.analogies[.multiply]?.accuracy))
    #expect(try same("wordsim353", report.similarity.first?.spearman))
  }

  @Test func evalNeedsAnEvaluationFile() {
    #expect {
      _ = try SamplexCommand.parseAsRoot(["eval", vectorsPath])
    } throws: { error in
      SamplexCommand.message(for: error).contains("give --analogies FILE or --similarity FILE")
    }
  }

  /// An analogy needs all three words; the other queries answer for the words they find
  /// (`QueryCommandTests`).
  @Test func anUnknownWordIsOneClearSentence() throws {
    var analogy = try SamplexCommand.parseAsRoot(["analogy", vectorsPath, "man", "qqqzzz", "king"])
    #expect {
      try analogy.run()
    } throws: { error in
      "\(error)" == "'qqqzzz' is not in the vocabulary of \(vectorsPath) (10000 words, matched as "
        + "written, then ignoring case); check the spelling."
    }
    analogy = try SamplexCommand.parseAsRoot(["analogy", vectorsPath, "man", "king", "qqqzzz"])
    #expect(throws: UnknownWordError.self) { try analogy.run() }
    #expect {
      _ = try SamplexCommand.parseAsRoot(["analogy", vectorsPath, "man", "king"])
    } throws: { error in
      SamplexCommand.message(for: error).contains("give exactly three words")
    }
  }

  @Test func convertRoundTripsThroughEveryFormat() throws {
    let folder = try Fixtures.temporaryDirectory()
    let steps = [
      [vectorsPath, folder + "/v.txt"], [folder + "/v.txt", folder + "/projector", "--to", "tsv"],
      [folder + "/projector", folder + "/back.bin"],
    ]
    for step in steps {
      var command = try SamplexCommand.parseAsRoot(["convert"] + step)
      try command.run()
    }
    let original = try Word2VecReader.read(path: vectorsPath)
    let back = try Word2VecReader.read(path: folder + "/back.bin")
    #expect(back.words == original.words)
    #expect(back.values == original.values)
  }

  @Test func convertToATSVFileWritesTheVectorsThereAndTheWordsBeside() throws {
    let folder = try Fixtures.temporaryDirectory()
    var command = try SamplexCommand.parseAsRoot(["convert", vectorsPath, folder + "/proj.tsv"])
    try command.run()
    var isDirectory: ObjCBool = true
    #expect(FileManager.default.fileExists(atPath: folder + "/proj.tsv", isDirectory: &isDirectory))
    #expect(!isDirectory.boolValue)
    let tensors = try String(contentsOfFile: folder + "/proj.tsv", encoding: .utf8)
    #expect(tensors.split(separator: "\n").count == 10000)
    #expect(tensors.split(separator: "\n")[0].split(separator: "\t").count == 32)
    let original = try Word2VecReader.read(path: vectorsPath)
    let words = try String(contentsOfFile: folder + "/proj-metadata.tsv", encoding: .utf8)
    #expect(words.split(separator: "\n").map(String.init) == original.words)
    // Either file of the pair reads back as the vectors.
    for name in ["proj.tsv", "proj-metadata.tsv"] {
      var back = try SamplexCommand.parseAsRoot([
        "convert", folder + "/" + name, folder + "/back-\(name).bin",
      ])
      try back.run()
      let read = try Word2VecReader.read(path: folder + "/back-\(name).bin")
      #expect(read.words == original.words)
      #expect(read.values == original.values)
    }
  }

  /// --limit N writes the first N rows, the N most frequent words, in every target format.
  @Test func convertWithALimitWritesTheFirstRows() throws {
    let folder = try Fixtures.temporaryDirectory()
    let original = try Word2VecReader.read(path: vectorsPath)
    for (destination, extra) in [
      ("proj", ["--to", "tsv"]), ("v.txt", []), ("v.bin", []),
    ] {
      var command = try SamplexCommand.parseAsRoot(
        ["convert", vectorsPath, folder + "/" + destination, "--limit", "100"] + extra)
      try command.run()
      let written =
        destination == "proj"
        ? try ProjectorTSV.read(from: folder + "/proj")
        : try Word2VecReader.read(path: folder + "/" + destination)
      #expect(written.words == Array(original.words.prefix(100)), "\(destination)")
      #expect(written.values == Array(original.values.prefix(100 * 32)), "\(destination)")
    }
    // A limit past the rows writes them all.
    var all = try SamplexCommand.parseAsRoot(
      ["convert", vectorsPath, folder + "/all.bin", "--limit", "20000"])
    try all.run()
    #expect(try Word2VecReader.read(path: folder + "/all.bin").count == 10_000)
    #expect {
      _ = try SamplexCommand.parseAsRoot([
        "convert", vectorsPath, folder + "/z.bin", "--limit", "0",
      ])
    } throws: { error in
      SamplexCommand.message(for: error) == "--limit must be at least 1, not 0."
    }
  }

  @Test func aMalformedVectorsFileIsOneClearSentence() throws {
    let path = try Fixtures.file(named: "v.txt", bytes: Array("2 2\na 1 2\nb 1 oops\n".utf8))
    var command = try SamplexCommand.parseAsRoot(["neighbors", path, "a"])
    #expect {
      try command.run()
    } throws: { error in
      "\(error)"
        == "\(path):3: 'oops' is not a number; is this a word2vec text file (--format binary "
        + "reads binary files)?"
    }
  }
}

/// A command told to write its input refuses before it reads, and the input keeps its bytes:
/// `compress f f` and `convert f f` replaced the file they were reading.
@Suite struct SameFileTests {
  @Test func compressAndConvertRefuseToWriteTheirInput() throws {
    let folder = try Fixtures.temporaryDirectory()
    let text = folder + "/corpus.txt"
    try FileManager.default.copyItem(atPath: Fixtures.data("tiny/kjv-head.txt"), toPath: text)
    let vectors = folder + "/v.txt"
    try FileManager.default.copyItem(atPath: vectorsPath, toPath: vectors)
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/link.txt", withDestinationPath: vectors)
    let cases: [([String], String, String)] = [
      (["compress", text, text], text, text),
      (["convert", vectors, vectors], vectors, vectors),
      (
        ["convert", vectors, folder + "/link.txt", "--to", "binary"], folder + "/link.txt", vectors
      ),
    ]
    for (arguments, output, input) in cases {
      let before = try Data(contentsOf: URL(fileURLWithPath: input))
      var command = try SamplexCommand.parseAsRoot(arguments)
      #expect {
        try command.run()
      } throws: { error in
        "\(error)"
          == "\(output): is the input \(input) itself, and writing it would replace what is read; "
          + "give another output path."
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    }
  }
}

/// A vectors file with a NaN in one row is refused by every command that reads one, before
/// any output is written.
@Suite struct NonFiniteVectorsTests {
  @Test func everyVectorsCommandRefusesANaNRow() throws {
    let folder = try Fixtures.temporaryDirectory()
    let path = try Fixtures.file(
      named: "nan.txt", bytes: Array("3 2\ngod 1 2\nand nan 2\nwater 2 1\n".utf8))
    let sentence =
      "\(path): the vector of 'and' (row 2) holds NaN or an infinite value, which would spoil "
      + "every similarity with it; fix or remove that row."
    let commands = [
      ["neighbors", path, "god"], ["analogy", path, "god", "and", "water"],
      ["similarity", path, "god", "water"], ["doesnt-match", path, "god", "water"],
      ["eval", path, "--similarity", Fixtures.data("eval/wordsim353.tsv")],
      ["convert", path, folder + "/out.bin"],
    ]
    for arguments in commands {
      var command = try SamplexCommand.parseAsRoot(arguments)
      #expect {
        try command.run()
      } throws: { error in
        "\(error)" == sentence
      }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  /// The projector pair is checked alike: `Float.init` reads "nan" and "inf" too.
  @Test func convertRefusesANaNRowOfAProjectorPair() throws {
    let folder = try Fixtures.temporaryDirectory()
    let pair = folder + "/pair"
    try FileManager.default.createDirectory(atPath: pair, withIntermediateDirectories: false)
    try Data("1\t2\ninf\t2\n".utf8).write(to: URL(fileURLWithPath: pair + "/tensors.tsv"))
    try Data("god\nand\n".utf8).write(to: URL(fileURLWithPath: pair + "/metadata.tsv"))
    var command = try SamplexCommand.parseAsRoot(["convert", pair, folder + "/out.bin"])
    #expect {
      try command.run()
    } throws: { error in
      "\(error)"
        == "\(pair)/tensors.tsv: the vector of 'and' (row 2) holds NaN or an infinite value, "
        + "which would spoil every similarity with it; fix or remove that row."
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/out.bin"))
  }
}
