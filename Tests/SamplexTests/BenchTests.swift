import Foundation
import Samplex
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A bench config over the bundled tiny corpus: two sampled cells and the full softmax, one
/// worker, each cell cut by a one-second budget.
private func tinyBench(folder: String) throws -> (RunConfiguration, BenchGrid) {
  var configuration = RunConfiguration()
  var origins: [String: ConfigurationOrigin] = [:]
  let yaml = """
    corpus:
      path: \(Fixtures.data("tiny/kjv-head.txt"))
    vocabulary:
      min_count: 2
    model:
      dim: 8
    training:
      epochs: 50
      threads: 1
      heldout: 0.05
      budget_seconds: 1
    output:
      dir: \(folder)
    bench:
      samplers: [uniform, "unigram^0.75"]
      losses: [sampled-softmax]
      samples: [3]
      eval_interval: 0.25
      heldout_pairs: 100
      probe_pairs: 8
      probe_draws: 4
    """
  configuration.apply(try ConfigurationYAML.parse(yaml, path: "bench.yaml"), origins: &origins)
  return (configuration, try BenchGrid(configuration.bench, origins: origins))
}

/// Whether `path` is well-formed XML.
private func parsesAsXML(_ path: String) -> Bool {
  guard let parser = XMLParser(contentsOf: URL(fileURLWithPath: path)) else { return false }
  return parser.parse()
}

@Suite(.serialized) struct BenchTests {
  @Test func theGridCrossesItsListsAndAddsTheReference() throws {
    var settings = BenchSettings()
    settings.samples = ["5", "64"]
    let grid = try BenchGrid(settings)
    #expect(grid.cells.count == 4 * 3 * 2 + 1)
    #expect(grid.cells.first?.name == "sampled-softmax.uniform.S5")
    #expect(grid.cells.contains { $0.name == "nce.unigram^0.75.S64" })
    #expect(grid.cells.last == .fullSoftmax)
    let options = grid.cells.first { $0.name == "negative-sampling.unigram^1.0.S5" }!
      .options(from: TrainingOptions())
    #expect(options.loss == .negativeSampling && options.power == 1 && options.samples == 5)
  }

  @Test func aBadGridEntryNamesTheLineAndTheWord() throws {
    let yaml = "bench:\n  samplers: [uniform, zipf]\n"
    var configuration = RunConfiguration()
    var origins: [String: ConfigurationOrigin] = [:]
    configuration.apply(try ConfigurationYAML.parse(yaml, path: "b.yaml"), origins: &origins)
    #expect(
      errorMessage { _ = try BenchGrid(configuration.bench, origins: origins) }
        == "b.yaml:2: 'bench.samplers' lists 'zipf'; each entry must be uniform, log-uniform, "
        + "unigram or unigram^POWER (say unigram^0.75).")
    var empty = BenchSettings()
    empty.losses = []
    empty.fullSoftmax = false
    #expect(throws: BenchError.emptyGrid) { _ = try BenchGrid(empty) }
  }

  /// One run writes every cell, the report, the CSV and charts that parse as SVG; a second run
  /// trains nothing and leaves the cells' files byte for byte as they were.
  @Test func aBenchRunsEveryCellAndARerunTrainsNothing() throws {
    let folder = try Fixtures.temporaryDirectory()
    let (configuration, grid) = try tinyBench(folder: folder)
    let runner = BenchRunner(configuration: configuration, grid: grid)
    let first = try runner.run()
    #expect(first.trained == grid.cells.map(\.name) && first.reused.isEmpty)
    for result in first.results {
      // The budget cut every cell long before its 50 epochs.
      #expect(result.words > 0 && result.points.count >= 2)
      #expect(result.final.map { $0.heldOut.isFinite && $0.heldOut > 0 } == true)
      #expect((result.samples == nil) == (result.final?.diagnostics == nil))
    }
    let csv = try String(contentsOfFile: folder + "/results.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == grid.cells.count + 1)
    let report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
    #expect(report.contains("| sampled-softmax.uniform.S3 |"))
    let charts = try FileManager.default.contentsOfDirectory(atPath: folder + "/charts")
    #expect(charts.contains("heldout-time-sampled-softmax.svg"))
    #expect(charts.contains("cosine-sampled-softmax.svg"))
    for chart in charts {
      #expect(report.contains("(charts/\(chart))"))
      #expect(parsesAsXML(folder + "/charts/" + chart), "\(chart)")
    }
    let resultPath = runner.cellFolder(grid.cells[0]) + "/result.json"
    let before = try Data(contentsOf: URL(fileURLWithPath: resultPath))
    let second = try runner.run()
    #expect(second.trained.isEmpty && second.reused == grid.cells.map(\.name))
    #expect(try Data(contentsOf: URL(fileURLWithPath: resultPath)) == before)
    #expect(second.results == first.results)
  }

  @Test func aTimeBudgetEndsTheRunWithTheRateAtItsEnd() throws {
    var options = TrainingOptions()
    options.dimensions = 8
    options.workers = 1
    options.epochs = 10_000
    options.timeBudget = 0.5
    options.progressInterval = 0.1
    let source = try TextSource(path: Fixtures.data("tiny/kjv-head.txt"))
    let (builder, _) = try VocabularyBuilder.counting(source, options: TokenizerOptions())
    let vocabulary = try builder.build(minCount: 2, corpus: source.path)
    let run = try TrainerFactory.train(options: options, source: source, vocabulary: vocabulary)
    #expect(run.wordsSeen < options.epochs * Int(vocabulary.totalCount))
    #expect(run.wordsSeen > 0 && run.examplesSeen > 0)
    let schedule = LearningRateSchedule(
      start: 0.025, end: 0.0000025, totalWords: 1_000_000, budget: TimeBudget(seconds: 1e-9))
    #expect(schedule.rate(afterWords: 0) == 0.0000025)
  }
}
