import Samplex

/// One cell of the grid over the seeds it trained under: the figures the verdict ranks and the
/// charts draw, each a mean over the seeds.
package struct CellSummary: Sendable {
  /// The cell's results, one per seed.
  package let runs: [CellResult]

  /// - Precondition: `runs` holds at least one result, all of the same cell.
  package init(runs: [CellResult]) {
    precondition(!runs.isEmpty, "a cell has at least one run")
    self.runs = runs
  }

  /// The results grouped by cell, in the order each cell first appears.
  package static func group(_ results: [CellResult]) -> [CellSummary] {
    var names: [String] = []
    var runs: [String: [CellResult]] = [:]
    for result in results {
      if runs[result.name] == nil { names.append(result.name) }
      runs[result.name, default: []].append(result)
    }
    return names.map { CellSummary(runs: runs[$0] ?? []) }
  }

  /// The cell's name, loss and sampler as its results spell them.
  package var name: String { runs[0].name }
  package var loss: String { runs[0].loss }
  package var sampler: String { runs[0].sampler }
  /// Candidates per window; nil for a loss that draws none.
  package var samples: Int? { runs[0].samples }
  package var isFullSoftmax: Bool { loss == Loss.fullSoftmax.rawValue }

  /// Whether every seed's run trained the shared words without diverging: only such a cell is
  /// a result to rank.
  package var isRanked: Bool { runs.allSatisfy { $0.diverged == nil && !$0.isShort } }

  /// The final held-out cross-entropy over the seeds (its SD: how much the seed moves it).
  package var crossEntropy: SampleStatistics {
    SampleStatistics(runs.map { $0.final?.heldOut ?? .nan })
  }

  /// The standard error of the held-out cross-entropy over the held-out pairs, averaged over
  /// the seeds (nil where no run measured it).
  package var standardError: Double? { mean(runs.compactMap { $0.final?.heldOutStandardError }) }

  /// This cell's held-out cross-entropy minus `other`'s, pair by pair under each seed both
  /// trained under (`CellGap`); nil where a run lacks per-pair losses or `other` lacks its seed.
  package func gap(from other: CellSummary) -> CellGap? {
    var differences: [[Double]] = []
    for run in runs {
      guard let mine = run.heldOutLosses,
        let theirs = other.runs.first(where: { $0.seed == run.seed })?.heldOutLosses,
        mine.count == theirs.count, !mine.isEmpty
      else { return nil }
      differences.append(zip(mine, theirs).map { Double($0) - Double($1) })
    }
    return CellGap(differences: differences)
  }

  /// The mean cosine of the sampled and exact input gradients at the last evaluation (nil for
  /// the full softmax).
  package var inputCosine: Double? {
    mean(runs.compactMap { $0.final?.diagnostics?.trained.inputCosine })
  }

  /// The same for the whole gradient (input rows, output table and biases as one vector); nil
  /// for the full softmax and for cells measured before the probe measured it.
  package var gradientCosine: Double? {
    mean(runs.compactMap { $0.final?.diagnostics?.trained.gradientCosine })
  }

  /// Throughput and training time, means over the seeds.
  package var examplesPerSecond: Double { mean(runs.map(\.examplesPerSecond)) ?? 0 }
  package var wordsPerSecond: Double { mean(runs.map(\.wordsPerSecond)) ?? 0 }
  package var seconds: Double { mean(runs.map(\.seconds)) ?? 0 }

  /// Why the cell is not ranked, in words; nil for a ranked cell.
  package var whyNotRanked: String? {
    if let diverged = runs.first(where: { $0.diverged != nil }) {
      let rates = (diverged.ratesTried ?? []).map { "\($0)" }.joined(separator: ", ")
      return "diverged at every learning rate tried (\(rates))"
    }
    if let short = runs.first(where: \.isShort), let shared = short.sharedWords {
      return "cut by the time budget after \(short.words) of the \(shared) words every cell "
        + "trains"
    }
    return nil
  }

  private func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}
