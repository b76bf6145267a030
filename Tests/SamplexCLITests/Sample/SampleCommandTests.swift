import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct SampleCommandTests {
  @Test func tooManyDistinctCandidatesIsOneClearSentence() throws {
    var command = try SamplexCommand.parseAsRoot([
      "sample", "--sampler", "uniform", "--vocab-size", "10", "--samples", "11", "--unique",
    ])
    #expect(throws: SamplerError.rangeTooSmall(numSampled: 11, rangeMax: 10)) { try command.run() }
  }

  @Test func theUnigramSamplerNeedsCounts() {
    #expect {
      _ = try SamplexCommand.parseAsRoot(["sample", "--sampler", "unigram"])
    } throws: { error in
      SamplexCommand.message(for: error).contains("needs --counts")
    }
  }

  /// `samplex sample` with `arguments` after `--counts` naming a file of three words.
  static func sampleThreeWords(_ arguments: [String]) throws -> (
    status: Int32, output: String, errors: String
  ) {
    let counts = try Fixtures.file(named: "vocab.txt", bytes: Array("the 5\nof 3\nand 1\n".utf8))
    return try SamplexProcess.capture(["sample", "--counts", counts] + arguments)
  }

  /// The counts file gives the vocabulary size to every sampler, not only the unigram one; a
  /// --vocab-size that agrees with it is accepted.
  @Test(arguments: [
    ["--sampler", "uniform"], ["--sampler", "log-uniform"], ["--sampler", "unigram"],
    ["--sampler", "log-uniform", "--vocab-size", "3"],
  ])
  func theCountsFileSetsTheVocabularySize(arguments: [String]) throws {
    let run = try Self.sampleThreeWords(arguments + ["--samples", "2"])
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.hasPrefix("2 candidates in "), "\(run.output)")
    #expect(run.output.contains("(V = 3)"), "\(run.output)")
  }

  @Test func aVocabularySizeThatDisagreesWithTheCountsIsOneSentence() throws {
    let run = try Self.sampleThreeWords(["--sampler", "uniform", "--vocab-size", "5"])
    #expect(run.status != 0)
    #expect(run.output.isEmpty)
    #expect(run.errors.split(separator: "\n").count == 1, "\(run.errors)")
    #expect(run.errors.contains("--vocab-size 5"), "\(run.errors)")
    #expect(run.errors.contains("3 words"), "\(run.errors)")
  }

  @Test func aSamplerOtherThanUnigramNeedsAVocabularySizeOrCounts() {
    #expect {
      _ = try SamplexCommand.parseAsRoot(["sample", "--sampler", "uniform"])
    } throws: { error in
      SamplexCommand.message(for: error).contains("--vocab-size or --counts")
    }
  }

  @Test func conformanceFailsOnAFailingCase() throws {
    // A case whose expected count is doubled cannot pass.
    let text = try String(
      contentsOfFile: Fixtures.data("golden/tf-losses-dev.json"), encoding: .utf8)
    var object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var cases = try #require(object["cases"] as? [[String: Any]])
    let index = try #require(
      cases.firstIndex { ($0["id"] as? String) == "dev/sampler/uniform/r10_ns1_u0" })
    var outputs = try #require(cases[index]["outputs"] as? [String: Any])
    var counts = try #require(outputs["sampled_expected_count"] as? [String: Any])
    counts["data"] = (counts["data"] as? [Double] ?? []).map { $0 * 2 }
    outputs["sampled_expected_count"] = counts
    cases[index]["outputs"] = outputs
    object["cases"] = [cases[index]]
    let path = try Fixtures.file(
      named: "one.json", bytes: Array(try JSONSerialization.data(withJSONObject: object)))
    var command = try SamplexCommand.parseAsRoot(["conformance", path, "--quiet"])
    #expect(throws: ExitCode.failure) { try command.run() }
  }
}
