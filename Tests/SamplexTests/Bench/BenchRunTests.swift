import Foundation
import Samplex
import TestSupport
import Testing

@testable import SamplexBench

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A bench config over `corpus` (the bundled tiny one), one worker, d 8, 100 held-out pairs:
/// the `training` and `bench` keys as given (each line indented as a key of its section).
private func tinyBench(
  folder: String, corpus: String = Fixtures.data("tiny/kjv-head.txt"), training: String,
  bench: String
) throws -> (RunConfiguration, BenchGrid) {
  var configuration = RunConfiguration()
  var origins: [String: ConfigurationOrigin] = [:]
  let yaml = """
    corpus:
      path: \(corpus)
    vocabulary:
      min_count: 2
    model:
      dim: 8
    training:
      threads: 1
      heldout: 0.05
    \(training)
    output:
      dir: \(folder)
    bench:
      heldout_pairs: 100
      probe_pairs: 8
      probe_draws: 4
    \(bench)
    """
  configuration.apply(try ConfigurationYAML.parse(yaml, path: "bench.yaml"), origins: &origins)
  return (configuration, try BenchGrid(configuration.bench, origins: origins))
}

/// Two sampled cells and the full softmax, each cut by a one-second budget long before its
/// 100,000 epochs.
private func budgetBench(folder: String) throws -> (RunConfiguration, BenchGrid) {
  try tinyBench(
    folder: folder,
    training: """
        epochs: 100000
        budget_seconds: 1
      """,
    bench: """
        samplers: [uniform, "unigram^0.75"]
        losses: [sampled-softmax]
        samples: [3]
        eval_interval: 0.25
      """)
}

/// One epoch (no budget) at `learningRate`, with the `bench` keys as given.
private func epochBench(
  folder: String, corpus: String = Fixtures.data("tiny/kjv-head.txt"), learningRate: Double,
  bench: String
) throws -> (RunConfiguration, BenchGrid) {
  try tinyBench(
    folder: folder, corpus: corpus,
    training: """
        epochs: 1
        lr: \(learningRate)
      """,
    bench: "  eval_interval: 10\n" + bench)
}

/// Whether `path` is well-formed XML.
private func parsesAsXML(_ path: String) -> Bool {
  guard let parser = XMLParser(contentsOf: URL(fileURLWithPath: path)) else { return false }
  return parser.parse()
}

@Suite(.serialized) struct BenchRunTests {
  /// One run writes every cell, the report, the CSV and charts that parse as SVG; a second run
  /// trains nothing and leaves the cells' files byte for byte as they were.
  @Test func aBenchRunsEveryCellAndARerunTrainsNothing() throws {
    let folder = try Fixtures.temporaryDirectory()
    let (configuration, grid) = try budgetBench(folder: folder)
    let runner = BenchRunner(configuration: configuration, grid: grid)
    let first = try runner.run()
    #expect(first.trained == grid.cells.map(\.name) && first.reused.isEmpty)
    for result in first.results {
      // The budget cut every cell long before its 100,000 epochs (a release build trains 50
      // epochs of this corpus in under a second): none is a result to rank.
      #expect(result.words > 0 && result.points.count >= 2)
      #expect(result.isShort && result.sharedWords.map { $0 > result.words } == true)
      #expect(result.final.map { $0.heldOut.isFinite && $0.heldOut > 0 } == true)
      #expect((result.samples == nil) == (result.final?.diagnostics == nil))
    }
    let csv = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == grid.cells.count + 1)
    let report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
    #expect(report.contains("| sampled-softmax.uniform.S3 |"))
    #expect(report.contains("- `sampled-softmax.uniform.S3`: cut by the time budget after "))
    #expect(report.contains("| 3 | none ranked |"))
    #expect(
      report.contains(
        "Every cell was to train the same \(grouped(first.results[0].sharedWords ?? 0)) words")
    )
    #expect(report.contains("within a budget of 1 s, which cut 3 cells short (not ranked)"))
    let charts = try FileManager.default.contentsOfDirectory(atPath: folder + "/charts")
    #expect(charts.contains("heldout-time-sampled-softmax.svg"))
    #expect(charts.contains("cosine-sampled-softmax.svg"))
    for chart in charts {
      #expect(report.contains("(charts/\(chart))"))
      #expect(parsesAsXML(folder + "/charts/" + chart), "\(chart)")
    }
    let resultPath = runner.cellFolder(grid.cells[0], seed: 1) + "/result.json"
    let before = try Data(contentsOf: URL(fileURLWithPath: resultPath))
    let second = try runner.run()
    #expect(second.trained.isEmpty && second.reused == grid.cells.map(\.name))
    #expect(try Data(contentsOf: URL(fileURLWithPath: resultPath)) == before)
    #expect(second.results == first.results)
    // A cell written before `training.sync_words` existed (no such line, and sync_seconds
    // written as 2.0) is kept too: a cell trains in one process, and the processes'
    // synchronization is not its setting.
    var older = try CellResult.read(path: resultPath)
    let now = "\n  sync_seconds: null\n  sync_words: null\n"
    #expect(older.settings.contains(now))
    older.settings = older.settings.replacingOccurrences(of: now, with: "\n  sync_seconds: 2.0\n")
    try older.write(to: resultPath)
    #expect(try runner.run().reused == grid.cells.map(\.name))
    // The report and the bench's config open with the build, machine and date; every cell's
    // result names its own, and a cell another build trained is named in the report.
    let written = "Written by Samplex \(SamplexBuild.description) on \(Machine.current.cpu) ("
    #expect(report.split(separator: "\n")[1].hasPrefix(written))
    #expect(!report.contains("Cells kept from"))
    let config = try String(contentsOfFile: folder + "/config.yaml", encoding: .utf8)
    #expect(config.split(separator: "\n")[2].hasPrefix("# " + written))
    for result in first.results {
      #expect(result.provenance?.commit == SamplexBuild.commit)
      #expect(result.provenance?.machine == Machine.current)
    }
    let rows = csv.split(separator: "\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false)
    }
    let commit = try #require(rows[0].firstIndex(of: "commit"))
    #expect(rows.dropFirst().allSatisfy { $0[commit] == SamplexBuild.commit })
    var kept = first.results
    kept[0].provenance = Provenance(
      samplex: "0.8.0", commit: "abc", uncommittedChanges: false,
      machine: Machine(cpu: "Some CPU", cores: 1), date: "2026-01-02T03:04:05Z")
    kept[1].provenance = nil
    let mixed = BenchReport(results: kept, configuration: configuration).markdown
    #expect(
      mixed.contains(
        "- `\(kept[0].name)` (seed 1): trained by Samplex 0.8.0 (commit abc) on Some CPU "
          + "(1 core), 2026-01-02T03:04:05Z\n- `\(kept[1].name)` (seed 1): trained by a Samplex "
          + "that recorded no provenance\n"))
  }

  /// A midx cell trains with batch candidates beside a uniform cell with window ones: both
  /// finish with diagnostics, each measured as it trained (shared by the probe batch for midx,
  /// per pair for uniform), and the report says so.
  @Test func aMidxCellTrainsWithBatchCandidatesAndIsDiagnosed() throws {
    let folder = try Fixtures.temporaryDirectory()
    let (configuration, grid) = try epochBench(
      folder: folder, learningRate: 0.025,
      bench: """
          samplers: [uniform, midx]
          losses: [sampled-softmax]
          samples: [4]
          full_softmax: false
        """)
    let outcome = try BenchRunner(configuration: configuration, grid: grid).run()
    let names = outcome.results.map(\.name)
    #expect(names == ["sampled-softmax.uniform.S4", "sampled-softmax.midx.S4"])
    for result in outcome.results {
      #expect(result.diverged == nil && result.words > 0, "\(result.name)")
      let diagnostics = try #require(result.final?.diagnostics, "\(result.name)")
      #expect(diagnostics.trained.inputCosine.isFinite && diagnostics.exactLoss > 0)
    }
    #expect(outcome.results.map(\.candidates) == ["window", "batch"])
    #expect(outcome.results.map(\.sampler) == ["uniform", "midx"])
    let report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
    #expect(report.contains("| sampled-softmax.midx.S4 |"))
    #expect(
      report.contains(
        "for cells with batch candidates (1 of the 2 measured cells here; midx and resample "
          + "always train with them)"))
  }

  /// The report's promises at small scale: two seeds of four sampled cells and the full
  /// softmax, whole epochs. Every run trains the same words, every cell is a result, the
  /// verdict comes first and names a best sampler per loss, and the figures carry their
  /// standard errors and their spread over the seeds.
  @Test func aBenchOfEpochsTrainsEqualWordsAndOpensWithItsVerdict() throws {
    let folder = try Fixtures.temporaryDirectory()
    // The first 100 lines of the tiny corpus: the full softmax of a debug build trains them in
    // about a second.
    let lines = try String(contentsOfFile: Fixtures.data("tiny/kjv-head.txt"), encoding: .utf8)
      .split(separator: "\n").prefix(100)
    let corpus = folder + "/corpus.txt"
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: corpus, atomically: true, encoding: .utf8)
    let (configuration, grid) = try epochBench(
      folder: folder + "/bench", corpus: corpus, learningRate: 0.025,
      bench: """
          samplers: [uniform, "unigram^0.75"]
          losses: [sampled-softmax, negative-sampling]
          samples: [4]
          seeds: [1, 2]
        """)
    let runner = BenchRunner(configuration: configuration, grid: grid)
    let outcome = try runner.run()
    #expect(outcome.results.count == grid.cells.count * 2)
    #expect(Set(outcome.results.compactMap(\.seed)) == [1, 2])
    let shared = try #require(outcome.results.first?.sharedWords)
    #expect(shared > 0)
    for result in outcome.results {
      #expect(result.words == shared, "\(result.name) seed \(result.seed ?? 0)")
      #expect(result.diverged == nil && result.learningRate == 0.025)
      let standardError = try #require(result.final?.heldOutStandardError)
      #expect(standardError > 0 && standardError < (result.final?.heldOut ?? 0))
      // Every pair's loss is kept, and their mean is the cross-entropy reported.
      let losses = try #require(result.heldOutLosses).map(Double.init)
      #expect(losses.count > 10)
      let mean = losses.reduce(0, +) / Double(losses.count)
      #expect(abs(mean - (result.final?.heldOut ?? 0)) < 1e-4)
    }
    // The seeds train differently: their spread is a measurement, not zero.
    let sampled = outcome.results.filter { $0.name == "sampled-softmax.uniform.S4" }
    #expect(sampled.count == 2 && sampled[0].final?.heldOut != sampled[1].final?.heldOut)
    let report = try String(contentsOfFile: folder + "/bench/report.md", encoding: .utf8)
    let sections = report.split(separator: "\n").filter { $0.hasPrefix("## ") }
    #expect(sections.first == "## Verdict")
    #expect(report.contains("Every cell trained the same \(grouped(shared)) words"))
    #expect(report.contains("mean ± SD over the 2 seeds"))
    #expect(report.contains("Sanity check"))
    let verdict = BenchVerdict(
      cells: CellSummary.group(outcome.results), configuration: configuration)
    for loss in ["sampled-softmax", "negative-sampling"] {
      let best = try #require(verdict.best(loss: loss, samples: 4))
      let all = outcome.results.filter { $0.loss == loss }
      let lowest = all.min {
        let mean = { (name: String) in
          all.filter { $0.name == name }.compactMap { $0.final?.heldOut }.reduce(0, +)
        }
        return mean($0.name) < mean($1.name)
      }
      #expect(best.name == lowest?.name)
      let row = try #require(
        report.split(separator: "\n").first { $0.hasPrefix("| 4 | \(best.sampler) | ") },
        "\(loss)")
      // "mean ± SD (SE x)" and the gap to the full softmax in nats and per cent.
      #expect(row.contains(" ± ") && row.contains("(SE ") && row.contains(" nats ("))
    }
    #expect(report.contains("Within 1% of the full softmax's cross-entropy: uniform "))
    // Per loss, the sampler whose step points closest to the exact one, with its cosines.
    let cosineRows = report.split(separator: "\n").filter { $0.hasPrefix("| 4 | ") }
      .filter { $0.split(separator: "|").count == 3 }
    #expect(cosineRows.count == 2, "\(cosineRows)")
    for row in cosineRows {
      let fields = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      for field in fields[1...2] {
        let cosine = try #require(Double(field.split(separator: " ").last ?? ""), "\(row)")
        #expect(cosine > -1 && cosine <= 1)
        #expect(["uniform", "unigram^0.75"].contains(String(field.split(separator: " ")[0])))
      }
    }
    #expect(!report.contains("Not ranked"))
    let charts = try FileManager.default.contentsOfDirectory(atPath: folder + "/bench/charts")
    #expect(charts.contains("heldout-samples-negative-sampling.svg"))
  }

  /// A rate too high for the loss: the cell diverges, trains again at half the rate until it
  /// does not, and records the rate it trained at; at a rate no retry saves, the cell is
  /// reported diverged with the rates tried, and the report and its charts are still written.
  @Test func aDivergingCellIsRetriedAtHalfTheRate() throws {
    let cell = """

        samplers: [uniform]
        losses: [sampled-softmax]
        samples: [3]
        full_softmax: false
      """
    let folder = try Fixtures.temporaryDirectory()
    let (configuration, grid) = try epochBench(folder: folder, learningRate: 1.6, bench: cell)
    let result = try #require(
      BenchRunner(configuration: configuration, grid: grid).run().results.first)
    let rates = try #require(result.ratesTried)
    #expect(result.diverged == nil && result.words == result.sharedWords)
    #expect(rates.count > 1 && rates.count <= 1 + BenchRunner.divergenceRetries)
    #expect(rates.first == 1.6 && result.learningRate == rates.last)
    #expect(rates.last == 1.6 / Double(1 << (rates.count - 1)))
    let csv = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    #expect(csv.contains(",\(rates.last ?? 0),"))

    let lost = try Fixtures.temporaryDirectory()
    let (hopeless, hopelessGrid) = try epochBench(folder: lost, learningRate: 1000, bench: cell)
    let diverged = try #require(
      BenchRunner(configuration: hopeless, grid: hopelessGrid).run().results.first)
    #expect(diverged.diverged != nil)
    #expect(diverged.ratesTried == [1000, 500, 250, 125])
    let report = try String(contentsOfFile: lost + "/report.md", encoding: .utf8)
    #expect(report.contains("diverged at every learning rate tried (1000.0, 500.0, 250.0, 125.0)"))
    #expect(report.contains("the full softmax was not trained"))
  }
}
