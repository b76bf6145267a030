/// How far one cell's held-out cross-entropy lies from another's, and how sure that is. Both
/// cells score the same held-out pairs, so the gap is measured pair by pair under each seed: the
/// standard error of a seed's per-pair differences leaves out how hard each pair is (which both
/// cells share) and says how much the gap would move on other pairs. It cannot say how much it
/// moves with the run itself — the seed's windows and candidates, and with several threads the
/// order in which Hogwild's updates land; several seeds show that as the spread of their gaps.
package struct CellGap: Sendable, Equatable {
  /// The gap in nats, a mean over the seeds: positive where the cell ends above the other.
  package let mean: Double
  /// The standard error of the per-pair differences, a mean over the seeds (they score the same
  /// pairs, so it does not shrink with more seeds).
  package let pairError: Double
  /// The standard error of the mean gap over the seeds (their SD / sqrt(seeds)); nil with one.
  package let seedError: Double?

  /// The gap of per-seed pair-by-pair differences (one array per seed, each over the same
  /// pairs); nil where a seed has no differences.
  package init?(differences seeds: [[Double]]) {
    guard !seeds.isEmpty, seeds.allSatisfy({ !$0.isEmpty }) else { return nil }
    let perSeed = seeds.map(SampleStatistics.init)
    let gaps = SampleStatistics(perSeed.map(\.mean))
    mean = gaps.mean
    pairError = perSeed.map { $0.standardError ?? 0 }.reduce(0, +) / Double(perSeed.count)
    seedError = gaps.standardError
  }

  /// Both errors together, as independent sources of error add: the ± a gap is judged by.
  package var standardError: Double {
    (pairError * pairError + (seedError ?? 0) * (seedError ?? 0)).squareRoot()
  }
}
