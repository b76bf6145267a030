import Foundation
import Testing

@testable import Samplex
@testable import SamplexBench

/// The verdict compares cells pair by pair on the shared held-out set: the standard error of
/// the per-pair difference leaves out how hard each pair is, which dominates each cell's own
/// standard error; with several seeds the spread of the seeds' gaps adds to it (`CellGap`,
/// `CellSummary.gap`, `BenchVerdict.isBelow`).
@Suite struct BenchPairedGapTests {
  /// Pairs whose losses spread from 2 to 9.2 nats, as held-out pairs do.
  private let base = (0..<1000).map { 2 + 0.8 * Double($0 % 10) }

  private func cell(
    _ name: String, loss: String, samples: Int?, losses: [Double], keepLosses: Bool = true,
    seed: UInt64 = 1
  ) -> CellResult {
    let statistics = SampleStatistics(losses)
    let point = CellResult.Point(
      seconds: 1, words: 100, examples: 100, loss: nil, learningRate: 0.025,
      heldOut: statistics.mean, heldOutStandardError: statistics.standardError, head: nil,
      torso: nil, tail: nil, diagnostics: nil)
    return CellResult(
      name: name, loss: loss, sampler: samples == nil ? "" : "uniform", samples: samples,
      settings: "", words: 100, examples: 100, points: [point], evaluation: [:], diverged: nil,
      seed: seed, heldOutLosses: keepLosses ? losses.map { Float($0) } : nil)
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
    let gap = try #require(verdict.cells[1].gap(from: reference))
    #expect(abs(gap.mean + 0.02) < 1e-4)
    // … while the pair-by-pair difference's is about 0.00002 (one seed: no seeds' error).
    #expect(gap.standardError < 1e-3)
    #expect(gap.seedError == nil)
    #expect(verdict.belowReference.map(\.name) == ["sampled-softmax.uniform.S5"])
    let text = verdict.markdown
    #expect(text.contains("Sanity check failed"))
    #expect(text.contains("+0.0500 ± 0.0000 nats"), "\(text)")
    #expect(text.contains("pair-by-pair difference"))
    #expect(text.contains("which `bench.seeds` measures"))
  }

  @Test func resultsWithoutPerPairLossesFallBackToTheReferencesStandardError() {
    let verdict = verdict(keepLosses: false)
    #expect(verdict.cells[1].gap(from: verdict.cells[0]) == nil)
    #expect(verdict.belowReference.isEmpty)
    #expect(verdict.markdown.contains("Sanity check passed"))
    #expect(verdict.markdown.contains("+0.0500 nats"))
    #expect(!verdict.markdown.contains("pair-by-pair difference"))
  }

  @Test func theGapsErrorAddsTheSpreadOfTheSeedsGaps() throws {
    // Per-pair differences of 1 nat under one seed and 3 under the other: a mean gap of 2, no
    // spread over the pairs, and over the seeds an SD of sqrt(2), so sqrt(2) / sqrt(2) = 1.
    let gap = try #require(
      CellGap(differences: [Array(repeating: 1, count: 10), Array(repeating: 3, count: 10)]))
    #expect(gap.mean == 2)
    #expect(gap.pairError == 0)
    #expect(abs(try #require(gap.seedError) - 1) < 1e-12)
    #expect(abs(gap.standardError - 1) < 1e-12)
    #expect(CellGap(differences: []) == nil)
    #expect(CellGap(differences: [[1], []]) == nil)
  }

  /// Two seeds of a cell and of the reference: `shifts` are the cell's gaps under seeds 1 and 2.
  private func seededVerdict(shifts: [Double]) -> BenchVerdict {
    let reference = CellSummary(
      runs: [1, 2].map {
        cell("full-softmax", loss: "full-softmax", samples: nil, losses: base, seed: $0)
      })
    let sampled = CellSummary(
      runs: zip([UInt64(1), 2], shifts).map { seed, shift in
        let losses = base.indices.map { base[$0] + shift + 0.001 * sin(Double($0)) }
        return cell(
          "sampled-softmax.uniform.S5", loss: "sampled-softmax", samples: 5, losses: losses,
          seed: seed)
      })
    return BenchVerdict(cells: [reference, sampled], configuration: RunConfiguration())
  }

  @Test func aGapTheSeedsDisagreeOnIsNotMoreThanChance() throws {
    // Below the reference under both seeds: more than chance.
    let steady = seededVerdict(shifts: [-0.02, -0.021])
    #expect(steady.belowReference.map(\.name) == ["sampled-softmax.uniform.S5"])
    // The same mean gap, where one seed ends above the reference: within chance, though each
    // seed's pair-by-pair error alone (about 0.00002) would call it a gap.
    let wavering = seededVerdict(shifts: [-0.05, 0.01])
    let reference = try #require(wavering.reference)
    let gap = try #require(wavering.cells[1].gap(from: reference))
    #expect(abs(gap.mean + 0.02) < 1e-4)
    #expect(gap.pairError < 1e-3)
    #expect(abs(gap.standardError - 0.03) < 1e-3)
    #expect(wavering.belowReference.isEmpty)
    #expect(wavering.markdown.contains("Sanity check passed"))
    #expect(wavering.markdown.contains("together with that of the gap's mean over the seeds"))
  }
}
