import Foundation
import Testing

@testable import Samplex
@testable import SamplexBench

/// The verdict compares cells pair by pair on the shared held-out set: the standard error of
/// the per-pair difference leaves out how hard each pair is, which dominates each cell's own
/// standard error (`CellSummary.difference`, `BenchVerdict.isBelow`).
@Suite struct BenchPairedGapTests {
  /// Pairs whose losses spread from 2 to 9.2 nats, as held-out pairs do.
  private let base = (0..<1000).map { 2 + 0.8 * Double($0 % 10) }

  private func cell(
    _ name: String, loss: String, samples: Int?, losses: [Double], keepLosses: Bool = true
  ) -> CellResult {
    let statistics = SampleStatistics(losses)
    let point = CellResult.Point(
      seconds: 1, words: 100, examples: 100, loss: nil, learningRate: 0.025,
      heldOut: statistics.mean, heldOutStandardError: statistics.standardError, head: nil,
      torso: nil, tail: nil, diagnostics: nil)
    return CellResult(
      name: name, loss: loss, sampler: samples == nil ? "" : "uniform", samples: samples,
      settings: "", words: 100, examples: 100, points: [point], evaluation: [:], diverged: nil,
      seed: 1, heldOutLosses: keepLosses ? losses.map { Float($0) } : nil)
  }

  private func verdict(keepLosses: Bool) -> BenchVerdict {
    let reference = cell("full-softmax", loss: "full-softmax", samples: nil, losses: base)
    // 0.02 nats below the reference on every pair, give or take 0.001.
    let below = base.indices.map { base[$0] - 0.02 + 0.001 * sin(Double($0)) }
    let above = base.indices.map { base[$0] + 0.05 + 0.001 * cos(Double($0)) }
    return BenchVerdict(
      cells: [
        reference,
        cell(
          "sampled-softmax.uniform.S5", loss: "sampled-softmax", samples: 5, losses: below,
          keepLosses: keepLosses),
        cell(
          "sampled-softmax.uniform.S64", loss: "sampled-softmax", samples: 64, losses: above,
          keepLosses: keepLosses),
      ].map { CellSummary(runs: [$0]) }, configuration: RunConfiguration())
  }

  @Test func aSmallGapOnEveryPairIsMoreThanChance() throws {
    let verdict = verdict(keepLosses: true)
    let reference = try #require(verdict.reference)
    // Each cell's own standard error is about 0.073 nats, far above the 0.02 gap …
    #expect(try #require(reference.standardError) > 0.05)
    let difference = try #require(verdict.cells[1].difference(from: reference))
    #expect(abs(difference.mean + 0.02) < 1e-4)
    // … while the pair-by-pair difference's is about 0.00002.
    #expect(try #require(difference.standardError) < 1e-3)
    #expect(verdict.belowReference.map(\.name) == ["sampled-softmax.uniform.S5"])
    let text = verdict.markdown
    #expect(text.contains("Sanity check failed"))
    #expect(text.contains("+0.0500 ± 0.0000 nats"), "\(text)")
    #expect(text.contains("pair-by-pair difference"))
  }

  @Test func resultsWithoutPerPairLossesFallBackToTheReferencesStandardError() {
    let verdict = verdict(keepLosses: false)
    #expect(verdict.cells[1].difference(from: verdict.cells[0]) == nil)
    #expect(verdict.belowReference.isEmpty)
    #expect(verdict.markdown.contains("Sanity check passed"))
    #expect(verdict.markdown.contains("+0.0500 nats"))
    #expect(!verdict.markdown.contains("pair-by-pair difference"))
  }
}
