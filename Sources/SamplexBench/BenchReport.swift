import Foundation
import Samplex

/// The bench's report, drawn from the cells' results: `report.md` with its tables and charts,
/// `results.csv` with one row per cell, and the SVG charts under `charts/`.
package struct BenchReport: Sendable {
  package let results: [CellResult]
  package let configuration: RunConfiguration
  /// The build, machine and date of the bench that writes the report.
  package let provenance: Provenance

  package init(
    results: [CellResult], configuration: RunConfiguration,
    provenance: Provenance = .current()
  ) {
    self.results = results
    self.configuration = configuration
    self.provenance = provenance
  }

  /// Colours by sampler, dashes by candidate count, so that a line's look says its cell.
  private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
  private static let dashes: [String?] = [nil, "7 3", "2 3", "10 3 2 3"]

  private var samplers: [String] {
    var seen: [String] = []
    for result in results where result.samples != nil && !seen.contains(result.sampler) {
      seen.append(result.sampler)
    }
    return seen
  }
  private var sampleCounts: [Int] { Array(Set(results.compactMap(\.samples))).sorted() }
  private var losses: [String] {
    var seen: [String] = []
    for result in results where result.samples != nil && !seen.contains(result.loss) {
      seen.append(result.loss)
    }
    return seen
  }

  /// Whether a cell is the hierarchical softmax: like the full softmax it draws no candidates
  /// and is drawn in every loss's charts, but it is another model, not the reference.
  private func isTree(_ result: CellResult) -> Bool {
    result.loss == Loss.hierarchicalSoftmax.rawValue
  }

  private func color(_ result: CellResult) -> String {
    guard result.samples != nil else { return isTree(result) ? "#8c564b" : "#000000" }
    let index = samplers.firstIndex(of: result.sampler) ?? 0
    return Self.palette[index % Self.palette.count]
  }

  private func dash(_ result: CellResult) -> String? {
    guard let samples = result.samples else { return isTree(result) ? "6 2 1 2" : "1 2" }
    let index = sampleCounts.firstIndex(of: samples) ?? 0
    return Self.dashes[index % Self.dashes.count]
  }

  private func label(_ result: CellResult) -> String {
    result.samples.map { "\(result.sampler), S = \($0)" }
      ?? (isTree(result) ? "hierarchical softmax (tree)" : "full softmax (exact)")
  }

  /// The cells over their seeds.
  private var summaries: [CellSummary] { CellSummary.group(results) }

  /// The runs under the first seed: one curve per cell in the charts over time and words.
  private var firstSeedRuns: [CellResult] {
    let seed = results.first?.seed
    return results.filter { $0.seed == seed }
  }

  /// The charts, by file name.
  package func charts() -> [(name: String, svg: String)] {
    var charts: [(String, String)] = []
    let summaries = self.summaries
    let reference = summaries.first { $0.isFullSoftmax && $0.isRanked }
    for loss in losses {
      let cells = firstSeedRuns.filter { $0.loss == loss || $0.samples == nil }
      func series(_ x: (CellResult.Point) -> Double) -> [LineChart.Series] {
        cells.map {
          LineChart.Series(
            name: label($0), points: $0.points.map { (x($0), $0.heldOut) }, color: color($0),
            dash: dash($0))
        }
      }
      charts.append(
        (
          "heldout-time-\(loss).svg",
          LineChart(
            title: "\(loss): held-out exact cross-entropy against time",
            xLabel: "training seconds", yLabel: "cross-entropy (nats)",
            series: series(\.seconds)
          ).svg
        ))
      charts.append(
        (
          "heldout-words-\(loss).svg",
          LineChart(
            title: "\(loss): held-out exact cross-entropy against words seen",
            xLabel: "words seen", yLabel: "cross-entropy (nats)",
            series: series { Double($0.words) }
          ).svg
        ))
      // Ranked cells only: a cut or diverged cell's figure is not a result.
      func bySampler(_ y: (CellSummary) -> Double?) -> [LineChart.Series] {
        samplers.map { sampler in
          LineChart.Series(
            name: sampler,
            points: summaries.filter { $0.loss == loss && $0.sampler == sampler && $0.isRanked }
              .compactMap { cell in
                guard let samples = cell.samples, let value = y(cell) else { return nil }
                return (Double(samples), value)
              },
            color: Self.palette[(samplers.firstIndex(of: sampler) ?? 0) % Self.palette.count])
        }
      }
      var crossEntropies = bySampler { $0.crossEntropy.mean }
      if let reference, let low = sampleCounts.first, let high = sampleCounts.last {
        let level = reference.crossEntropy.mean
        crossEntropies.append(
          LineChart.Series(
            name: "full softmax (exact)", points: [(Double(low), level), (Double(high), level)],
            color: "#000000", dash: "1 2"))
      }
      charts.append(
        (
          "heldout-samples-\(loss).svg",
          LineChart(
            title: "\(loss): held-out exact cross-entropy against candidates S",
            xLabel: "candidates S", yLabel: "cross-entropy (nats)", series: crossEntropies,
            logarithmicX: true
          ).svg
        ))
      charts.append(
        (
          "cosine-\(loss).svg",
          LineChart(
            title: "\(loss): cosine of the sampled and exact input gradients",
            xLabel: "candidates S", yLabel: "mean cosine over draws",
            series: bySampler(\.inputCosine), logarithmicX: true
          ).svg
        ))
    }
    charts.append(
      (
        "throughput.svg",
        BarChart(
          title: "Training throughput per cell", valueLabel: "words per second (log scale)",
          bars: summaries.map { ($0.name, $0.wordsPerSecond, color($0.runs[0])) },
          logarithmic: true
        ).svg
      ))
    return charts
  }

  /// The columns of `results.csv` and of the tables, with how each reads from a result.
  private var columns: [(String, (CellResult) -> String)] {
    func number(_ value: Double?, _ format: String = "%.6g") -> String {
      value.map { String(format: format, $0) } ?? ""
    }
    var columns: [(String, (CellResult) -> String)] = [
      ("cell", \.name), ("loss", \.loss), ("sampler", \.sampler),
      ("samples", { $0.samples.map(String.init) ?? "" }),
      ("seed", { $0.seed.map(String.init) ?? "" }),
      ("learning_rate", { number($0.learningRate) }),
      ("rates_tried", { ($0.ratesTried ?? []).map { "\($0)" }.joined(separator: " ") }),
      ("status", Self.status),
      ("seconds", { number($0.seconds) }), ("words", { String($0.words) }),
      ("shared_words", { $0.sharedWords.map(String.init) ?? "" }),
      ("examples", { String($0.examples) }),
      ("diverged", { $0.diverged == nil ? "" : "yes" }),
      ("words_per_second", { number($0.wordsPerSecond) }),
      ("examples_per_second", { number($0.examplesPerSecond) }),
      ("heldout_ce", { number($0.final?.heldOut) }),
      ("heldout_ce_se", { number($0.final?.heldOutStandardError) }),
      ("heldout_ce_head", { number($0.final?.head) }),
      ("heldout_ce_torso", { number($0.final?.torso) }),
      ("heldout_ce_tail", { number($0.final?.tail) }),
      // Where the cell was trained: a rerun keeps finished cells, which another build or
      // machine may have trained.
      ("samplex", { $0.provenance?.samplex ?? "" }),
      ("commit", { $0.provenance?.commit ?? "" }),
      ("uncommitted_changes", { $0.provenance.map { "\($0.uncommittedChanges)" } ?? "" }),
      ("cpu", { $0.provenance?.machine.cpu ?? "" }),
      ("cores", { $0.provenance.map { "\($0.machine.cores)" } ?? "" }),
      ("trained_at", { $0.provenance?.date ?? "" }),
    ]
    for key in evaluationKeys {
      columns.append((key, { number($0.evaluation[key]) }))
    }
    func diagnostic(_ name: String, _ read: @escaping (GradientDiagnostics.Report) -> Double?)
      -> (String, (CellResult) -> String)
    {
      (name, { number($0.final?.diagnostics.flatMap(read)) })
    }
    columns += [
      diagnostic("input_cosine") { $0.trained.inputCosine },
      diagnostic("output_cosine") { $0.trained.outputCosine },
      diagnostic("mean_input_cosine") { $0.trained.meanInputCosine },
      diagnostic("mean_output_cosine") { $0.trained.meanOutputCosine },
      diagnostic("gradient_cosine") { $0.trained.gradientCosine },
      diagnostic("mean_gradient_cosine") { $0.trained.meanGradientCosine },
      diagnostic("loss_bias") { $0.trained.lossBias },
      diagnostic("loss_sd") { $0.trained.lossDeviation },
      diagnostic("importance_bias") { $0.importanceBias },
      diagnostic("importance_sd") { $0.importanceDeviation },
      diagnostic("input_cosine_without_log_q") { $0.withoutLogQ?.inputCosine },
      diagnostic("input_cosine_keeping_hits") { $0.keepingHits?.inputCosine },
    ]
    return columns
  }

  /// "trained", "cut by the budget" or "diverged": whether a run is a result.
  private static func status(_ result: CellResult) -> String {
    if result.diverged != nil { return "diverged" }
    return result.isShort ? "cut by the budget" : "trained"
  }

  /// Analogy accuracy first, then each similarity set's Spearman correlation.
  private var evaluationKeys: [String] {
    let keys = Set(results.flatMap(\.evaluation.keys))
    let similarity = keys.filter {
      !$0.hasPrefix("analogy") && !$0.hasSuffix("_pearson") && !$0.hasSuffix("_oov")
        && $0 != "restrict_vocab"
    }.sorted()
    return (keys.contains("analogy_acc") ? ["analogy_acc"] : []) + similarity
  }

  package var csv: String {
    let columns = self.columns
    var text = columns.map(\.0).joined(separator: ",") + "\n"
    for result in results {
      text += columns.map { Self.csvField($0.1(result)) }.joined(separator: ",") + "\n"
    }
    return text
  }

  private static func csvField(_ text: String) -> String {
    text.contains(",") || text.contains("\"")
      ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
  }

  /// The Markdown report: the verdict first, then how the bench ran, the raw tables and the
  /// charts.
  package var markdown: String {
    let training = configuration.training
    var text = "# Samplex bench: samplers and losses against the exact softmax\n\n"
    text += provenanceMarkdown
    text += BenchVerdict(cells: summaries, configuration: configuration).markdown
    text += "## How the bench ran\n\n"
    text +=
      "Corpus `\(configuration.corpus.isEmpty ? "?" : configuration.corpus.joined(separator: " "))`; \(training.architecture.rawValue), "
    text += "d \(training.dimensions), window \(training.window), min_count \(training.minCount), "
    text += training.maxVocabularySize.map { "max_size \($0), " } ?? ""
    text += "subsample \(training.subsample), \(BenchVerdict.count(training.workers, "thread")), "
    text += "learning rate "
    text += "\(training.startingLearningRate); every cell trains from the same seed and data order "
    text += "for \(BenchVerdict.count(training.epochs, "epoch"))"
    text +=
      training.timeBudget.map { " or \(ChartAxis.label($0)) seconds, whichever ends first" } ?? ""
    text += ". A cell whose loss stops being finite, or whose held-out cross-entropy ends above "
    text += "4 log V + 10 nats (weights grown without bound), trains again at half the learning "
    text += "rate, up to "
    text += "\(BenchRunner.divergenceRetries) times (`learning_rate` is the rate it trained at). "
    text += "The held-out cross-entropy is the exact full softmax over the whole vocabulary "
    text += "(for the hierarchical softmax, its tree's exact probability, on the same scale), "
    text += "on the same \(configuration.bench.heldOutPairs) held-out pairs for every cell "
    text += "(head, torso, tail: centres among the words making up the first 50%, the next 40% "
    text += "and the last 10% of the corpus's tokens); `SE` is its standard error over the pairs. "
    text += diagnosticModeSentence
    text += "Rerun with `samplex bench \(configuration.output)/config.yaml`: finished cells are "
    text += "kept.\n\n"
    let table = columns
    let shown = [
      "cell", "seed", "learning_rate", "status", "words", "words_per_second",
      "examples_per_second", "heldout_ce", "heldout_ce_se", "heldout_ce_head",
      "heldout_ce_torso", "heldout_ce_tail",
    ]
    let first = table.filter { shown.contains($0.0) || evaluationKeys.contains($0.0) }
    text += "## Cells\n\n" + markdownTable(first) + "\n"
    let diverged = results.filter { $0.diverged != nil }
    if !diverged.isEmpty {
      text += "Diverged at every rate tried (training stopped once the loss was not finite):\n\n"
      for result in diverged { text += "- `\(result.name)`: \(result.diverged ?? "")\n" }
      text += "\n"
    }
    if results.contains(where: { $0.final?.diagnostics != nil }) {
      text += "## Gradient diagnostics at the last evaluation\n\n"
      text += "On a fixed probe batch of \(configuration.bench.probePairs) held-out pairs, "
      text += "\(configuration.bench.probeDraws) candidate draws: the mean cosine between the "
      text +=
        "sampled and exact full-softmax gradients (input vectors, output table, and the whole "
      text += "gradient: both with the output biases where the loss reads them), the cosine "
      text += "of their mean over the draws (1 − it shows the bias without the variance), the "
      text += "sampled loss against the exact cross-entropy (bias and SD over draws), the "
      text += "importance-sampling estimate of the exact loss from the same draws, and the input "
      text += "cosine with `subtract_log_q` off and with accidental hits kept (blank where the "
      text += "loss does not use them).\n\n"
      let diagnostics = [table[0]] + table.suffix(12)
      text += markdownTable(diagnostics, only: results.filter { $0.final?.diagnostics != nil })
      text += "\n"
    }
    text += "## Charts\n\n"
    for chart in charts() {
      text += "![\(chart.name)](charts/\(chart.name))\n\n"
    }
    text += "Per-cell curves: `cells/NAME/metrics.jsonl` (progress ticks with the held-out "
    text += "cross-entropy) and `cells/NAME/result.json` (every evaluation, with band figures "
    text += "and diagnostics). All figures: `results.csv`.\n"
    return text
  }

  /// How the gradient diagnostics drew candidates, which follows how each cell trained: per
  /// probe pair for window (and pair) candidates, one set shared by the probe batch for batch
  /// candidates; empty when no cell has diagnostics.
  private var diagnosticModeSentence: String {
    let measured = results.filter { $0.final?.diagnostics != nil }
    guard !measured.isEmpty else { return "" }
    let shared = Set(measured.filter { $0.candidates == "batch" }.map(\.name))
    var text = "Gradient diagnostics draw candidates as each cell trained: each probe pair its "
    text += "own for cells with window candidates, one set shared by the whole probe batch (its "
    text += "context rows the queries, read with the live model by midx and resample) for cells "
    text += "with batch candidates (\(shared.count) of the \(Set(measured.map(\.name)).count) "
    text += "measured cells here; midx and resample always train with them). "
    return text
  }

  /// Who wrote the report, and the cells another build or machine trained (a rerun keeps
  /// finished cells), whose figures are theirs.
  private var provenanceMarkdown: String {
    var text = "Written by \(provenance.summary).\n"
    let others = results.filter {
      $0.provenance.map {
        $0.samplex != provenance.samplex || $0.commit != provenance.commit
          || $0.uncommittedChanges != provenance.uncommittedChanges
          || $0.machine != provenance.machine
      } ?? true
    }
    if !others.isEmpty {
      text += "Cells kept from an earlier bench of another build or machine:\n\n"
      for result in others {
        let seed = result.seed.map { " (seed \($0))" } ?? ""
        text += "- `\(result.name)`\(seed): trained by "
        text += (result.provenance?.summary ?? "a Samplex that recorded no provenance") + "\n"
      }
    }
    return text + "\n"
  }

  private func markdownTable(
    _ columns: [(String, (CellResult) -> String)], only: [CellResult]? = nil
  ) -> String {
    var text = "| " + columns.map(\.0).joined(separator: " | ") + " |\n"
    text += "|" + String(repeating: "---|", count: columns.count) + "\n"
    for result in only ?? results {
      text += "| " + columns.map { Self.short($0.1(result)) }.joined(separator: " | ") + " |\n"
    }
    return text
  }

  /// Numbers to four significant digits in tables (the CSV keeps six), whole numbers from
  /// a thousand on.
  private static func short(_ text: String) -> String {
    guard let value = Double(text), text.contains(".") || text.contains("e") else { return text }
    return abs(value) >= 1000 ? String(format: "%.0f", value) : String(format: "%.4g", value)
  }

  /// Writes `report.md`, `results.csv` and `charts/*.svg` into `folder`, each atomically.
  package func write(to folder: String) throws {
    try OutputFolder.create(folder + "/charts")
    for chart in charts() {
      try AtomicFile.write(to: folder + "/charts/" + chart.name) { try $0.write(chart.svg) }
    }
    try AtomicFile.write(to: folder + "/results.csv") { try $0.write(csv) }
    try AtomicFile.write(to: folder + "/report.md") { try $0.write(markdown) }
  }
}
