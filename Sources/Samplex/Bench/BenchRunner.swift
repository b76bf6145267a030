import Foundation

/// Runs a bench grid: the vocabulary, the held-out set and the probe batch are built once, then
/// every cell trains from the same base settings, seed and data order under the same budget,
/// watched by a `CellMonitor`, and leaves its folder under `cells/`. A cell whose `result.json`
/// exists with unchanged settings is not trained again, so an interrupted bench resumes at the
/// first unfinished cell and a finished one only redraws its report.
public struct BenchRunner: Sendable {
  /// The config: its `bench` section the grid, the rest every cell's base, `output.dir` the
  /// bench folder.
  public let configuration: RunConfiguration
  public let grid: BenchGrid

  public init(configuration: RunConfiguration, grid: BenchGrid) {
    self.configuration = configuration
    self.grid = grid
  }

  /// What a run of the bench did.
  public struct Outcome: Sendable {
    public var results: [CellResult]
    /// Cells trained by this run, and cells reused from an earlier one.
    public var trained: [String]
    public var reused: [String]
  }

  public var folder: String { configuration.output }

  /// The folder of one cell.
  public func cellFolder(_ cell: BenchCell) -> String { folder + "/cells/" + cell.name }

  /// Trains every unfinished cell, then writes the report.
  /// - Parameter log: one line per stage, for people.
  /// - Throws: reading, training or writing errors; a diverged cell is recorded, not thrown.
  public func run(log: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
    let bench = configuration.bench
    guard let corpus = configuration.corpus else { throw ConfigurationError.noCorpus }
    try FileManager.default.createDirectory(
      atPath: folder + "/cells", withIntermediateDirectories: true)
    try ConfigurationWriter.write(
      configuration, to: RunFile.config.path(in: folder), sections: ConfigurationSchema.sections,
      command: "samplex bench")
    var outcome = Outcome(results: [], trained: [], reused: [])
    var pending: [(BenchCell, RunConfiguration)] = []
    for cell in grid.cells {
      let cellConfiguration = self.cellConfiguration(cell)
      let resultPath = cellFolder(cell) + "/result.json"
      if FileManager.default.fileExists(atPath: resultPath) {
        let result = try CellResult.read(path: resultPath)
        if result.settings == settingsText(cellConfiguration) {
          outcome.reused.append(cell.name)
          continue
        }
        log("\(cell.name): settings changed since it ran; training it again")
      }
      pending.append((cell, cellConfiguration))
    }
    if !pending.isEmpty {
      let base = configuration.training
      let source = try TextSource(path: corpus)
      guard source.isSeekable else {
        throw TrainingError.needsFile(
          path: corpus, why: "the bench reads the corpus for every cell")
      }
      let vocabulary = try VocabularyBuilder.vocabulary(of: source, options: base).vocabulary
      let heldOut = try HeldOutSet.collect(
        source: source, vocabulary: vocabulary, options: base, limit: bench.heldOutPairs)
      log(
        "vocabulary: \(vocabulary.count) words; held-out set: \(heldOut.count) pairs; "
          + "\(pending.count) of \(grid.cells.count) cells to train")
      let context = CellContext(
        source: source, vocabulary: vocabulary, heldOut: heldOut,
        probe: heldOut.spread(bench.probePairs), bands: FrequencyBands(counts: vocabulary.counts))
      for (index, (cell, cellConfiguration)) in pending.enumerated() {
        log("[\(index + 1)/\(pending.count)] \(cell.name)")
        let result = try train(cell, configuration: cellConfiguration, context: context)
        if let diverged = result.diverged {
          log("  diverged: \(diverged)")
          outcome.trained.append(cell.name)
          continue
        }
        log(
          String(
            format: "  %.1f s, %.0f words/s, held-out cross-entropy %.4f", result.seconds,
            result.wordsPerSecond, result.final?.heldOut ?? .nan))
        outcome.trained.append(cell.name)
      }
    }
    outcome.results = try grid.cells.map {
      try CellResult.read(path: cellFolder($0) + "/result.json")
    }
    try BenchReport(results: outcome.results, configuration: configuration).write(to: folder)
    return outcome
  }

  /// What every cell shares.
  private struct CellContext {
    let source: TextSource
    let vocabulary: Vocabulary
    let heldOut: HeldOutSet
    let probe: HeldOutSet
    let bands: FrequencyBands
  }

  /// The base config with the cell's loss, sampler and candidates; each tick an evaluation.
  func cellConfiguration(_ cell: BenchCell) -> RunConfiguration {
    var cellConfiguration = configuration
    cellConfiguration.training = cell.options(from: configuration.training)
    cellConfiguration.training.progressInterval = configuration.bench.evaluationInterval
    // The monitor scores the bench's shared held-out set; the trainer scores none of its own.
    cellConfiguration.training.heldOutPairs = 0
    cellConfiguration.output = cellFolder(cell)
    cellConfiguration.neighbors = []
    cellConfiguration.evaluation.afterTraining = false
    cellConfiguration.bench = BenchSettings()
    return cellConfiguration
  }

  /// The settings a finished cell must match to be reused: its training config and the bench's
  /// measuring settings.
  private func settingsText(_ cellConfiguration: RunConfiguration) -> String {
    var measured = cellConfiguration
    measured.bench = configuration.bench
    measured.bench.samplers = []
    measured.bench.losses = []
    measured.bench.samples = []
    measured.bench.fullSoftmax = false
    return ConfigurationWriter.yaml(measured, sections: ConfigurationSchema.sections)
  }

  private func train(
    _ cell: BenchCell, configuration cellConfiguration: RunConfiguration, context: CellContext
  )
    throws -> CellResult
  {
    let options = cellConfiguration.training
    let bench = configuration.bench
    let cellFolder = cellConfiguration.output
    try FileManager.default.createDirectory(atPath: cellFolder, withIntermediateDirectories: true)
    try ConfigurationWriter.write(cellConfiguration, to: RunFile.config.path(in: cellFolder))
    let objective: SampledObjective? =
      switch cell.loss {
      case .negativeSampling: .negativeSampling
      case .nce: .nce
      case .sampledSoftmax: .sampledSoftmax
      case .fullSoftmax, .hierarchicalSoftmax: nil
      }
    let monitor = CellMonitor(
      heldOut: context.heldOut,
      layer: cell.loss == .hierarchicalSoftmax
        ? .tree(HuffmanTree(vocabulary: context.vocabulary)) : .softmax,
      bands: context.bands, probe: context.probe,
      diagnostics: objective.map {
        GradientDiagnostics(objective: $0, samples: options.samples, draws: bench.probeDraws)
      },
      sampler: objective == nil
        ? nil : try TrainerFactory.sampler(options, vocabulary: context.vocabulary),
      seed: options.seed &+ 0xD1A6)
    let run: TrainingRun
    do {
      run = try TrainerFactory.train(
        options: options, source: context.source, vocabulary: context.vocabulary,
        monitor: { monitor.observe(model: $0, tick: $1) })
    } catch let error as TrainingError {
      guard case .diverged = error else { throw error }
      // A diverged cell is a result too: its curve ends where the loss stopped being finite.
      try MetricsFile.write(monitor.ticks, to: RunFile.metrics.path(in: cellFolder))
      let result = CellResult(
        name: cell.name, loss: cell.loss.rawValue, sampler: cell.samplerLabel,
        samples: cell.samples, settings: settingsText(cellConfiguration),
        words: monitor.ticks.last?.wordsSeen ?? 0,
        examples: monitor.ticks.last?.examplesSeen ?? 0, points: monitor.points,
        evaluation: [:], diverged: "\(error)")
      try result.write(to: cellFolder + "/result.json")
      return result
    }
    try MetricsFile.write(monitor.ticks, to: RunFile.metrics.path(in: cellFolder))
    var evaluation: [String: Double] = [:]
    if let groupSize = bench.plantedGroupSize {
      let vectors = NormalizedVectors(words: context.vocabulary.words, table: run.model.input)
      evaluation["planted_neighbors"] = PlantedNeighbors.accuracy(
        vectors: vectors, groupSize: groupSize)
    }
    if configuration.evaluation.hasFiles {
      let vectors = WordVectors(words: context.vocabulary.words, table: run.model.input)
      let report = try EvaluationReport(configuration.evaluation, vectors: vectors)
      try report.write(to: RunFile.evaluation.path(in: cellFolder))
      for (key, value) in report.json() {
        if let number = value as? Double { evaluation[key] = number }
      }
    }
    let result = CellResult(
      name: cell.name, loss: cell.loss.rawValue, sampler: cell.samplerLabel,
      samples: cell.samples, settings: settingsText(cellConfiguration), words: run.wordsSeen,
      examples: run.examplesSeen, points: monitor.points, evaluation: evaluation, diverged: nil)
    // Written last: its presence marks the cell finished.
    try result.write(to: cellFolder + "/result.json")
    return result
  }
}
