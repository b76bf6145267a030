import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct VocabCommandTests {
  @Test func writesTheVocabularyFile() throws {
    let output = try Fixtures.temporaryDirectory() + "/vocab.txt"
    var command = try SamplexCommand.parseAsRoot([
      "vocab", Fixtures.data("kjv.txt.zst"), "--min-count", "5", "-o", output,
    ])
    try command.run()
    let vocabulary = try VocabularyFile.read(from: output)
    #expect(vocabulary.count == 5278)
    #expect(Array(vocabulary.words.prefix(3)) == ["the", "and", "of"])
    #expect(vocabulary.counts.allSatisfy { $0 >= 5 })
  }

  /// Each thread counts its part of a file that splits into parts (here byte ranges), and the
  /// parts' counts merge into the single pass's vocabulary: the same words and counts in the
  /// same order, ties included (which the order of first appearance decides).
  @Test func threadsCountingPartsWriteTheSinglePassVocabulary() throws {
    let folder = try Fixtures.temporaryDirectory()
    let corpus = Fixtures.bundledPlainCorpus
    #expect(try TextSource(path: corpus).givesFixedShards(workers: 3))
    var files: [String] = []
    for threads in [1, 3] {
      let output = folder + "/vocab-\(threads).txt"
      var command = try SamplexCommand.parseAsRoot([
        "vocab", corpus, "--min-count", "1", "--threads", "\(threads)", "-o", output,
      ])
      try command.run()
      files.append(try String(contentsOfFile: output, encoding: .utf8))
    }
    #expect(files[0] == files[1] && files[0].count > 100_000)
  }

  @Test(arguments: [
    (["vocab", "x.txt", "--threads", "0"], "--threads must be at least 1"),
    (["vocab", "x.txt", "--min-count", "0"], "--min-count must be at least 1"),
    (["vocab", "x.txt", "--max-size", "0"], "--max-size must be at least 1"),
    (["compress", "a", "b", "--level", "25"], "--level must be 1…19"),
  ])
  func rejectsOutOfRangeOptions(arguments: [String], message: String) {
    #expect {
      _ = try SamplexCommand.parseAsRoot(arguments)
    } throws: { error in
      SamplexCommand.message(for: error).contains(message)
    }
  }

  @Test func aMissingCorpusIsOneClearSentence() throws {
    var command = try SamplexCommand.parseAsRoot(["vocab", "/no/such/corpus.txt"])
    #expect {
      try command.run()
    } throws: { error in
      SamplexCommand.message(for: error)
        == "/no/such/corpus.txt: no such file; check the path, or pass '-' to read standard input."
    }
  }

  @Test func aFailedRunLeavesNoOutputFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    var command = try SamplexCommand.parseAsRoot([
      "vocab", Fixtures.data("tiny/mixed.txt"), "--min-count", "1000", "-o", folder + "/vocab.txt",
    ])
    #expect(throws: VocabularyError.self) { try command.run() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }
}
