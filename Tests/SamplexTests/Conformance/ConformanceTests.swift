import Foundation
import Samplex
import TestSupport
import Testing

@testable import SamplexConformance

@Suite struct ConformanceTests {
  static let development = Fixtures.data("golden/tf-losses-dev.json")

  @Test func everySamplerCaseOfTheDevelopmentFilePasses() throws {
    let file = try ReferenceFile(path: Self.development)
    let results = Conformance.check(file)
    let samplerGroups: Set<String> = [
      "candidate_samplers", "sampler_empirical", "sampler_unique_inclusion",
    ]
    let samplerCases = file.cases.filter { samplerGroups.contains($0.group) }.map(\.id)
    #expect(samplerCases.count == 78)
    for result in results where samplerCases.contains(result.id) {
      #expect(result.verdict == .passed, "\(result.id): \(result.verdict)")
    }
  }

  @Test func aWrongProbabilityFails() throws {
    // The same check with Q off by 1e-5 relative must fail: the tolerance is 2e-6.
    var check = ToleranceCheck(relative: 2e-6)
    check.compare(0.1 * (1 + 1e-5), 0.1, "p")
    #expect(check.result(id: "x").verdict != .passed)
    var close = ToleranceCheck(relative: 2e-6)
    close.compare(0.1 * (1 + 1e-6), 0.1, "p")
    #expect(close.result(id: "x").verdict == .passed)
  }

  @Test func aFileOfAnotherSchemaIsAClearError() throws {
    let path = try Fixtures.file(
      named: "other.json", bytes: Array(#"{"schema": "x", "cases": []}"#.utf8))
    #expect(
      throws: ConformanceError.malformed(
        path: path, reason: "its schema is not 'tf-losses-reference/v1'")
    ) {
      _ = try ReferenceFile(path: path)
    }
    let broken = try Fixtures.file(named: "broken.json", bytes: Array("{".utf8))
    #expect(throws: ConformanceError.malformed(path: broken, reason: "it is not valid JSON")) {
      _ = try ReferenceFile(path: broken)
    }
  }
}
