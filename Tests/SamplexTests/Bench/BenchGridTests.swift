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
        + "unigram, unigram^POWER (say unigram^0.75), midx or resample.")
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

  /// The adaptive-samplers config reads: midx and resample beside the fixed samplers, every
  /// sampled cell with batch candidates, and every cell's options pass the trainer's checks.
  @Test func theAdaptiveSamplersConfigDeclaresBatchCellsThatPassTheChecks() throws {
    let path = Fixtures.root.appendingPathComponent("configs/adaptive-samplers.yaml").path
    var configuration = RunConfiguration()
    var origins: [String: ConfigurationOrigin] = [:]
    configuration.apply(try ConfigurationYAML.read(path: path), origins: &origins)
    let grid = try BenchGrid(configuration.bench, origins: origins)
    #expect(grid.cells.count == 5 * 3 + 1)
    #expect(grid.cells.filter { $0.sampler?.followsModel == true }.map(\.name).count == 6)
    for cell in grid.cells {
      let options = cell.options(from: configuration.training)
      #expect(
        !cell.loss.drawsCandidates || options.candidateSharing == .perBatch, "\(cell.name)")
      try TrainerFactory.check(options)
    }
  }

  /// A sampler that follows the model trains with batch candidates even where the config's
  /// candidates are per window; a fixed sampler keeps the config's.
  @Test func aCellWhoseSamplerFollowsTheModelTrainsWithBatchCandidates() throws {
    var base = TrainingOptions()
    base.candidateSharing = .perWindow
    for sampler in TrainingOptions.SamplerKind.allCases {
      let cell = BenchCell(loss: .sampledSoftmax, sampler: sampler, power: nil, samples: 16)
      let sharing = cell.options(from: base).candidateSharing
      #expect(sharing == (sampler.followsModel ? .perBatch : .perWindow), "\(sampler)")
    }
    #expect(BenchCell.fullSoftmax.options(from: base).candidateSharing == .perWindow)
  }
}
