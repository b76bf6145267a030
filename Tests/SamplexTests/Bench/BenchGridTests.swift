import Foundation
import Samplex
import SamplexBench
import TestSupport
import Testing

@Suite struct BenchGridTests {
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
    var seeds = BenchSettings()
    seeds.seeds = []
    #expect(
      errorMessage { _ = try BenchGrid(seeds) }?.contains("'bench.seeds' lists no seed") == true)
    seeds.seeds = ["3", "0"]
    #expect(
      errorMessage { _ = try BenchGrid(seeds) }?.hasSuffix(
        "'bench.seeds' lists '0'; each entry must be a positive integer.") == true)
    seeds.seeds = ["3", "7"]
    #expect(try BenchGrid(seeds).seeds == [3, 7])
  }
}
