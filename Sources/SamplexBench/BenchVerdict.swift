import Foundation
import Samplex

/// The answer a bench report opens with, per loss: the best sampler at each candidate count,
/// how far it stays from the full softmax trained on the same words, how sure that is, and the
/// smallest count at which each sampler comes within 1% of the full softmax's cross-entropy.
/// Written for a reader who knows word2vec and has not read the code.
package struct BenchVerdict: Sendable {
  /// Every cell of the bench over its seeds, the full softmax among them when it trained.
  package let cells: [CellSummary]
  /// The bench's config, for what every cell shared.
  package let configuration: RunConfiguration

  /// A cell comes within reach of the full softmax when its held-out cross-entropy is at most
  /// this share above the full softmax's: 1%.
  package static let matchShare = 0.01

  /// A gap counts as more than chance beyond this many of its standard errors (`CellGap`):
  /// two, about 95% for a mean over hundreds of pairs.
  package static let significance = 2.0

  package init(cells: [CellSummary], configuration: RunConfiguration) {
    self.cells = cells
    self.configuration = configuration
  }

  /// The full softmax, when it trained on the shared words.
  package var reference: CellSummary? { cells.first { $0.isFullSoftmax && $0.isRanked } }

  /// The losses of the sampled cells, in the grid's order.
  var losses: [String] {
    var seen: [String] = []
    for cell in cells where !cell.isFullSoftmax && !seen.contains(cell.loss) {
      seen.append(cell.loss)
    }
    return seen
  }

  /// The ranked sampled cell with the lowest held-out cross-entropy for `loss` at `samples`.
  package func best(loss: String, samples: Int) -> CellSummary? {
    cells.filter { $0.loss == loss && $0.samples == samples && $0.isRanked }
      .min { $0.crossEntropy.mean < $1.crossEntropy.mean }
  }

  /// The smallest candidate count at which `sampler` with `loss` comes within `matchShare` of
  /// the reference's cross-entropy; nil when none does (or there is no reference).
  package func smallestMatching(loss: String, sampler: String) -> Int? {
    guard let reference else { return nil }
    let target = reference.crossEntropy.mean * (1 + Self.matchShare)
    return cells.filter {
      $0.loss == loss && $0.sampler == sampler && $0.isRanked && $0.crossEntropy.mean <= target
    }.compactMap(\.samples).min()
  }

  /// The sampled cells whose cross-entropy is below the reference's by more than chance: where
  /// the reference fails to be one. The hierarchical softmax is another normalized model, not
  /// an approximation of this one, and may end below.
  package var belowReference: [CellSummary] {
    guard let reference else { return [] }
    return cells.filter { $0.samples != nil && $0.isRanked && Self.isBelow($0, reference) }
  }

  /// Whether `cell` ends below `reference` by more than `significance` standard errors of
  /// their gap (the pairs' and, with several seeds, the seeds'); for results without per-pair
  /// losses, by more than the reference's own standard error.
  static func isBelow(_ cell: CellSummary, _ reference: CellSummary) -> Bool {
    if let gap = cell.gap(from: reference) {
      return gap.mean < -significance * gap.standardError
    }
    return cell.crossEntropy.mean < reference.crossEntropy.mean - (reference.standardError ?? 0)
  }

  /// The verdict as a Markdown section.
  package var markdown: String {
    var text = "## Verdict\n\n" + setup + "\n\n"
    if let reference {
      text += "**Reference:** the full softmax reached \(crossEntropy(reference)) nats "
      text += "at \(Self.rate(reference.examplesPerSecond)) examples/s.\n\n"
      let below = belowReference
      text +=
        below.isEmpty
        ? "**Sanity check passed:** no sampled cell ends below the full softmax by more than "
          + "chance.\n\n"
        : "**Sanity check failed:** \(Self.count(below.count, "sampled cell")) "
          + (below.count == 1 ? "ends" : "end") + " below the full softmax by "
          + "more than chance (\(below.map { "`\($0.name)`" }.joined(separator: ", "))"
          + "): the reference is not one here; train it longer before trusting the gaps.\n\n"
    } else if let fullSoftmax = cells.first(where: \.isFullSoftmax) {
      text += "**No reference:** the full softmax was \(fullSoftmax.whyNotRanked ?? "not ranked"), "
      text += "so the sampled cells are ranked against each other only.\n\n"
    } else {
      text += "**No reference:** the full softmax was not trained (`bench.full_softmax: false`), "
      text += "so the sampled cells are ranked against each other only.\n\n"
    }
    for loss in losses { text += section(loss) }
    let unranked = cells.filter { !$0.isRanked }
    if !unranked.isEmpty {
      text += "**Not ranked** (no result at the shared words):\n\n"
      for cell in unranked { text += "- `\(cell.name)`: \(cell.whyNotRanked ?? "")\n" }
      text += "\n"
    }
    return text
  }

  /// What was compared, and how sure the figures are.
  private var setup: String {
    let training = configuration.training
    let seeds = cells.first?.runs.count ?? 1
    let shared = cells.lazy.flatMap(\.runs).compactMap(\.sharedWords).first
    var text =
      "Which sampler, with how many candidates S, gets how close to the exact full softmax? "
    let cut = cells.filter { $0.runs.contains(where: \.isShort) }.count
    text += cut == 0 ? "Every cell trained " : "Every cell was to train "
    let epochs = Self.count(training.epochs, "epoch")
    text +=
      shared.map { "the same \(grouped($0)) words (\(epochs) of the corpus; " } ?? "\(epochs) ("
    text += "same data order"
    text += seeds > 1 ? ", under each of \(seeds) seeds)" : ", seed \(training.seed))"
    if let budget = training.timeBudget {
      text += " within a budget of \(ChartAxis.label(budget)) s, which cut "
      text += Self.count(cut, "cell") + " short (not ranked)"
    }
    text += ". Each is scored by its held-out cross-entropy: the exact softmax over the whole "
    text += "vocabulary on the same \(configuration.bench.heldOutPairs) held-out (context, centre) "
    text += "pairs, in nats, lower is better"
    if cells.contains(where: { $0.loss == Loss.hierarchicalSoftmax.rawValue }) {
      text += " (for the hierarchical softmax, its tree's exact probability, on the same scale)"
    }
    text += ". "
    text +=
      seeds > 1
      ? "Figures are mean ± SD over the \(seeds) seeds; SE is the standard error over the "
        + "held-out pairs (mean over seeds)."
      : "± is the standard error over the held-out pairs."
    if cells.allSatisfy({ $0.runs.allSatisfy { $0.heldOutLosses != nil } }) {
      text += " A gap's ± is the standard error of the two cells' pair-by-pair difference (both "
      text += "score the same pairs, so it leaves out how hard each pair is)"
      text +=
        seeds > 1
        ? " together with that of the gap's mean over the seeds (how much a run moves it)"
        : "; with one seed it leaves out how much the run itself moves a cell (its windows, "
          + "candidates and threads: up to a few hundredths of a nat), which `bench.seeds` "
          + "measures"
      text += "; a gap beyond \(Int(Self.significance)) of them is more than chance."
    }
    text += " The gradient cosine is that of the sampled and exact input gradients on a probe "
    text += "batch (1 = unbiased direction)."
    return text
  }

  /// One loss: the best sampler at each S, then the S at which each sampler matches; for a
  /// loss that draws no candidates (the hierarchical softmax), its one cell.
  private func section(_ loss: String) -> String {
    let counts = Array(Set(cells.filter { $0.loss == loss }.compactMap(\.samples))).sorted()
    var text = "### \(loss)\n\n"
    if counts.isEmpty, let cell = cells.first(where: { $0.loss == loss }) {
      guard cell.isRanked else { return text + "Not ranked: \(cell.whyNotRanked ?? "").\n\n" }
      text += "No candidates (an exact, normalized model): held-out CE \(crossEntropy(cell))"
      text += reference.map { ", \(gap(cell, $0)) from the full softmax" } ?? ""
      return text + ", at \(Self.rate(cell.examplesPerSecond)) examples/s.\n\n"
    }
    let gapHeader = reference == nil ? "gap to the loss's best cell" : "gap to the full softmax"
    text += "| S | best sampler | held-out CE | \(gapHeader) | gradient cosine | examples/s |\n"
    text += "|---|---|---|---|---|---|\n"
    let lowest = cells.filter { $0.loss == loss && $0.isRanked && !$0.isFullSoftmax }
      .min { $0.crossEntropy.mean < $1.crossEntropy.mean }
    let yardstick = reference ?? lowest
    for count in counts {
      guard let best = best(loss: loss, samples: count) else {
        text += "| \(count) | none ranked | | | | |\n"
        continue
      }
      let cosine = best.inputCosine.map { String(format: "%.3f", $0) } ?? ""
      text += "| \(count) | \(best.sampler) | \(crossEntropy(best)) | "
      text += (yardstick.map { gap(best, $0) } ?? "") + " | \(cosine) | "
      text += "\(Self.rate(best.examplesPerSecond)) |\n"
    }
    text += "\n" + highestCosines(loss: loss, counts: counts)
    if reference != nil {
      var samplers: [String] = []
      for cell in cells where cell.loss == loss && !samplers.contains(cell.sampler) {
        samplers.append(cell.sampler)
      }
      let largest = counts.last.map(String.init) ?? "?"
      let matches = samplers.map { sampler in
        smallestMatching(loss: loss, sampler: sampler).map { "\(sampler) from S = \($0)" }
          ?? "\(sampler) not within the grid (S up to \(largest))"
      }
      text += "Within 1% of the full softmax's cross-entropy: " + matches.joined(separator: "; ")
      text += ".\n\n"
    } else if let lowest, let samples = lowest.samples {
      text += "Best of \(loss): \(lowest.sampler) at S = \(samples).\n\n"
    }
    return text
  }

  /// Per S, the ranked cells with the highest input-gradient and whole-gradient cosines (means
  /// over the seeds): which sampler's step points closest to the exact one, whichever ends
  /// lowest held out. Empty where no cell of the loss was probed.
  private func highestCosines(loss: String, counts: [Int]) -> String {
    let probed = cells.filter { $0.loss == loss && $0.isRanked && $0.inputCosine != nil }
    guard !probed.isEmpty else { return "" }
    func highest(_ cosine: (CellSummary) -> Double?, among cells: [CellSummary]) -> String {
      let scored = cells.compactMap { cell in cosine(cell).map { (cell, $0) } }
      guard let top = scored.max(by: { $0.1 < $1.1 }) else { return "" }
      return "\(top.0.sampler) \(String(format: "%.4f", top.1))"
    }
    var text = "Highest gradient cosine at each S (input rows; whole gradient: input rows, output "
    text += "table and biases):\n\n| S | input rows | whole gradient |\n|---|---|---|\n"
    for count in counts {
      let atCount = probed.filter { $0.samples == count }
      text += "| \(count) | \(highest(\.inputCosine, among: atCount)) | "
      text += "\(highest(\.gradientCosine, among: atCount)) |\n"
    }
    return text + "\n"
  }

  /// "5.1234 ± 0.0123": ± the SD over seeds with several, else the SE over the pairs.
  private func crossEntropy(_ cell: CellSummary) -> String {
    let statistics = cell.crossEntropy
    let spread = statistics.standardDeviation ?? cell.standardError
    var text = String(format: "%.4f", statistics.mean)
    text += spread.map { String(format: " ± %.4f", $0) } ?? ""
    if statistics.count > 1, let standardError = cell.standardError {
      text += String(format: " (SE %.4f)", standardError)
    }
    return text
  }

  /// "+0.1234 ± 0.0056 nats (+2.41%)" from `reference` to `cell`, ± the standard error of
  /// their gap (`CellGap`) where both kept per-pair losses.
  private func gap(_ cell: CellSummary, _ reference: CellSummary) -> String {
    let nats = cell.crossEntropy.mean - reference.crossEntropy.mean
    let share = 100 * nats / reference.crossEntropy.mean
    var text = String(format: "%+.4f", nats)
    if cell.name != reference.name, let error = cell.gap(from: reference)?.standardError {
      text += String(format: " ± %.4f", error)
    }
    return text + String(format: " nats (%+.2f%%)", share)
  }

  private static func rate(_ value: Double) -> String { ChartAxis.label(value.rounded()) }

  /// "1 epoch", "2 epochs".
  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)" + (number == 1 ? "" : "s")
  }
}
