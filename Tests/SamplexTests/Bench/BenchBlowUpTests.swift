import Foundation
import Testing

@testable import Samplex
@testable import SamplexBench

/// A cell whose training loss stayed finite while its weights grew without bound is retried
/// like one whose loss became NaN (`BenchRunner.blowUp`).
@Suite struct BenchBlowUpTests {
  private func points(_ heldOut: [Double]) -> [CellResult.Point] {
    heldOut.map {
      CellResult.Point(
        seconds: 1, words: 1, examples: 1, loss: 1, learningRate: 0.025, heldOut: $0,
        head: nil, torso: nil, tail: nil, diagnostics: nil)
    }
  }

  @Test func aHugeOrNonFiniteLastCrossEntropyIsABlowUp() {
    // At V = 10,000 the limit is 4 log V + 10 ≈ 46.84 nats.
    for last in [9_551_149_507_369_299_968.0, .nan, .infinity, 46.9] {
      let reason = BenchRunner.blowUp(
        of: points([7.5, last]), vocabularySize: 10_000, learningRate: 0.0125)
      #expect(reason?.contains("learning rate 0.0125") == true, "\(last)")
    }
  }

  @Test func negativeSamplingsUnnormalizedFiguresAreNotABlowUp() {
    // Negative sampling's held-out figure sits above log V (9.21) in sound runs.
    for last in [10.5078, 46.8] {
      #expect(
        BenchRunner.blowUp(of: points([90, last]), vocabularySize: 10_000, learningRate: 0.025)
          == nil, "\(last)")
    }
    #expect(BenchRunner.blowUp(of: [], vocabularySize: 10_000, learningRate: 0.025) == nil)
  }
}
