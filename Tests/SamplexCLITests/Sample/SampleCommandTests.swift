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
