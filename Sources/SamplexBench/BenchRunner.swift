import Foundation
import Samplex

/// Runs a bench grid: the vocabulary, the held-out set and the probe batch are built once, then
/// every cell trains under each seed from the same base settings and data order, on the same
/// words (its epochs over the corpus, unless a time budget cuts it), watched by a
/// `CellMonitor`, and leaves its folder under `cells/`. A cell whose loss stops being finite is
/// trained again at half the learning rate. A run whose `result.json` exists with unchanged
/// settings is not trained again, so an interrupted bench resumes at the first unfinished run
/// and a finished one only redraws its report.
package struct BenchRunner: Sendable {
  /// The config: its `bench` section the grid, the rest every cell's base, `output.dir` the
  /// bench folder.
  package let configuration: RunConfiguration
  package let grid: BenchGrid

  /// Tries after the first that a diverging cell gets, each at half the rate of the one
  /// before. Three reach an eighth of the configured rate: a cell that still diverges there
  /// has a fault a smaller step does not cure (the loss with these candidates), and each try
  /// costs as much time as the cell itself.
  package static let divergenceRetries = 3

  package init(configuration: RunConfiguration, grid: BenchGrid) {
    self.configuration = configuration
    self.grid = grid
  }

  /// What a run of the bench did.
  package struct Outcome: Sendable {
    /// One result per cell and seed, cell by cell in the grid's order.
    package var results: [CellResult]
    /// Runs (a cell under a seed, as `runName` names them) trained by this run of the bench,
    /// and runs reused from an earlier one.
    package var trained: [String]
    package var reused: [String]
  }

  package var folder: String { configuration.output }

  /// The seeds every cell trains under: `bench.seeds`, or `training.seed` alone.
  package var seeds: [UInt64] { grid.seeds ?? [configuration.training.seed] }

  /// A cell under a seed: the cell's name with one seed, as a bench without seeds names it;
  /// `NAME/seed-S` with several, each seed a folder inside the cell's.
  package func runName(_ cell: BenchCell, seed: UInt64) -> String {
    seeds.count > 1 ? "\(cell.name)/seed-\(seed)" : cell.name
  }

  /// The folder of one cell under one seed.
  package func cellFolder(_ cell: BenchCell, seed: UInt64) -> String {
    folder + "/cells/" + runName(cell, seed: seed)
  }

  /// Trains every unfinished cell under every seed, then writes the report.
  /// - Parameter log: one line per stage, for people.
  /// - Throws: reading, training or writing errors; a diverged cell is retried, then recorded,
  ///   not thrown.
  package func run(log: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
    let bench = configuration.bench
    let corpus = configuration.corpus
    guard !corpus.isEmpty else { throw ConfigurationError.noCorpus }
    try OutputFolder.create(folder + "/cells")
    let provenance = Provenance.current()
    try ConfigurationWriter.write(
      configuration, to: RunFile.config.path(in: folder), sections: ConfigurationSchema.sections,
      command: "samplex bench", everyKey: true, provenance: provenance)
    var outcome = Outcome(results: [], trained: [], reused: [])
    var pending: [(BenchCell, UInt64, RunConfiguration)] = []
    for cell in grid.cells {
      for seed in seeds {
        let cellConfiguration = self.cellConfiguration(cell, seed: seed)
        let resultPath = cellFolder(cell, seed: seed) + "/result.json"
        if FileManager.default.fileExists(atPath: resultPath) {
          let result = try CellResult.read(path: resultPath)
          if Self.comparable(result.settings) == Self.comparable(settingsText(cellConfiguration)) {
            outcome.reused.append(runName(cell, seed: seed))
            continue
          }
          log("\(runName(cell, seed: seed)): settings changed since it ran; training it again")
        }
        pending.append((cell, seed, cellConfiguration))
      }
    }
    if !pending.isEmpty {
      let base = configuration.training
      let source = try CorpusFiles(corpus)
      guard source.isSeekable else {
        throw TrainingError.needsFile(
          path: source.path, why: "the bench reads the corpus for every cell")
      }
      let vocabulary = try VocabularyBuilder.vocabulary(of: source, options: base).vocabulary
      let (heldOut, epochWords) = try HeldOutSet.collect(
        source: source, vocabulary: vocabulary, options: base, limit: bench.heldOutPairs)
      log(
        "vocabulary: \(vocabulary.count) words; held-out set: \(heldOut.count) pairs; "
          + "every cell trains \(base.epochs) × \(epochWords) words; "
          + "\(pending.count) of \(grid.cells.count * seeds.count) runs to train")
      let context = CellContext(
        source: source, vocabulary: vocabulary, heldOut: heldOut,
        probe: heldOut.spread(bench.probePairs),
        bands: FrequencyBands(counts: Array(vocabulary.counts)),
        sharedWords: base.epochs * epochWords)
      for (index, (cell, seed, cellConfiguration)) in pending.enumerated() {
        log("[\(index + 1)/\(pending.count)] \(runName(cell, seed: seed))")
        let result = try train(cell, configuration: cellConfiguration, context: context, log: log)
        outcome.trained.append(runName(cell, seed: seed))
        if let diverged = result.diverged {
          log("  diverged at every rate tried: \(diverged)")
          continue
        }
        log(
          String(
            format: "  %.1f s, %.0f words/s, held-out cross-entropy %.4f", result.seconds,
            result.wordsPerSecond, result.final?.heldOut ?? .nan))
      }
    }
    outcome.results = try grid.cells.flatMap { cell in
      try seeds.map { try CellResult.read(path: cellFolder(cell, seed: $0) + "/result.json") }
    }
    try BenchReport(results: outcome.results, configuration: configuration, provenance: provenance)
      .write(to: folder)
    return outcome
  }

  /// What every cell shares.
  private struct CellContext {
    let source: any Corpus
    let vocabulary: Vocabulary
    let heldOut: HeldOutSet
    let probe: HeldOutSet
    let bands: FrequencyBands
    /// The words each cell trains when no budget cuts it.
    let sharedWords: Int
  }

  /// The base config with the cell's loss, sampler, candidates and seed; each tick an
  /// evaluation.
  func cellConfiguration(_ cell: BenchCell, seed: UInt64) -> RunConfiguration {
    var cellConfiguration = configuration
    cellConfiguration.training = cell.options(from: configuration.training)
    cellConfiguration.training.seed = seed
    cellConfiguration.training.progressInterval = configuration.bench.evaluationInterval
    // The monitor scores the bench's shared held-out set; the trainer scores none of its own.
    cellConfiguration.training.heldOutPairs = 0
    cellConfiguration.output = cellFolder(cell, seed: seed)
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
    // The run's own seed is in its training section; the list of the others is not its setting.
    measured.bench.seeds = nil
    return ConfigurationWriter.yaml(measured, sections: ConfigurationSchema.sections)
  }

  /// `settings` without the synchronization of processes training together
  /// (`training.sync_seconds`, `training.sync_words`): a cell trains in one process, so they are
  /// not its settings, and the settings of cells trained before `sync_words` existed lack its
  /// line.
  static func comparable(_ settings: String) -> String {
    settings.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("  sync_seconds:") && !$0.hasPrefix("  sync_words:") }
      .joined(separator: "\n")
  }

  /// Trains one cell under one seed, again at half the rate while it diverges (up to
  /// `divergenceRetries` times), and writes its `result.json`.
  private func train(
    _ cell: BenchCell, configuration cellConfiguration: RunConfiguration, context: CellContext,
    log: (String) -> Void
  ) throws -> CellResult {
    let cellFolder = cellConfiguration.output
    try OutputFolder.create(cellFolder)
    try ConfigurationWriter.write(cellConfiguration, to: RunFile.config.path(in: cellFolder))
    var options = cellConfiguration.training
    var rates: [Float] = []
    var result = CellResult(
      name: cell.name, loss: cell.loss.rawValue, sampler: cell.samplerLabel,
      samples: cell.samples, settings: settingsText(cellConfiguration), words: 0, examples: 0,
      points: [], evaluation: [:], diverged: nil, seed: options.seed,
      sharedWords: context.sharedWords, provenance: .current())
    result.candidates = cell.loss.drawsCandidates ? options.candidateSharing.rawValue : nil
    while true {
      let rate = rates.last.map { $0 / 2 } ?? options.startingLearningRate
      rates.append(rate)
      options.learningRate = rate
      result.learningRate = Double.shortest(rate)
      result.ratesTried = rates.map { Double.shortest($0) }
      let monitor = try self.monitor(cell, options: options, context: context)
      var failure: String
      do {
        let run = try TrainerFactory.train(
          options: options, source: context.source, vocabulary: context.vocabulary,
          monitor: { monitor.observe(model: $0, tick: $1) })
        try MetricsFile.write(monitor.ticks, to: RunFile.metrics.path(in: cellFolder))
        result.words = run.wordsSeen
        result.examples = run.examplesSeen
        result.points = monitor.points
        result.heldOutLosses = monitor.lastLosses
        guard
          let blowUp = Self.blowUp(
            of: monitor.points, vocabularySize: context.vocabulary.count, learningRate: rate)
        else {
          result.evaluation = try evaluate(
            run.model, vocabulary: context.vocabulary, in: cellFolder)
          break
        }
        failure = blowUp
      } catch let error as TrainingError {
        guard case .diverged = error else { throw error }
        // The curve of the last try, which ends where its loss stopped being finite.
        try MetricsFile.write(monitor.ticks, to: RunFile.metrics.path(in: cellFolder))
        result.words = monitor.ticks.last?.wordsSeen ?? 0
        result.examples = monitor.ticks.last?.examplesSeen ?? 0
        result.points = monitor.points
        result.heldOutLosses = monitor.lastLosses
        failure = "\(error)"
      }
      guard rates.count <= Self.divergenceRetries else {
        result.diverged = failure
        break
      }
      log("  diverged at learning rate \(rate); trying again at \(rate / 2)")
    }
    // Written last: its presence marks the cell finished.
    try result.write(to: cellFolder + "/result.json")
    return result
  }

  /// Why a cell whose training loss stayed finite still counts as diverged, or `nil`: its last
  /// held-out cross-entropy is not finite or above `4 log V + 10` nats, four times an untrained
  /// model's and then some. Negative sampling's scores are not normalized, so its cross-entropy
  /// may sit above `log V` in a sound run (10.5 at V = 10,000 in the samplers bench), but not
  /// there: such a figure means the weights grew without bound.
  static func blowUp(of points: [CellResult.Point], vocabularySize: Int, learningRate: Float)
    -> String?
  {
    guard let last = points.last?.heldOut else { return nil }
    let limit = 4 * log(Double(max(vocabularySize, 2))) + 10
    if last.isFinite && last <= limit { return nil }
    return
      "the held-out cross-entropy reached \(last) nats at learning rate \(learningRate), above "
      + "the \(Double.shortest(Float(limit))) that marks weights grown without bound (the "
      + "training loss stayed finite)"
  }

  /// A monitor for one try of a cell: the shared held-out set, and the gradient diagnostics of
  /// a sampled loss, with candidates drawn as the cell trains them.
  private func monitor(_ cell: BenchCell, options: TrainingOptions, context: CellContext) throws
    -> CellMonitor
  {
    CellMonitor(
      heldOut: context.heldOut,
      layer: cell.loss == .hierarchicalSoftmax
        ? .tree(HuffmanTree(vocabulary: context.vocabulary)) : .softmax,
      bands: context.bands, probe: context.probe,
      diagnostics: cell.loss.drawsCandidates
        ? try ProbeDiagnostics(
          options: options, draws: configuration.bench.probeDraws,
          vocabulary: context.vocabulary)
        : nil,
      seed: options.seed &+ 0xD1A6)
  }

  /// The trained model's planted-neighbour score and the config's evaluations, the latter also
  /// written to the cell's `evaluation.json`.
  private func evaluate(_ model: Model, vocabulary: Vocabulary, in cellFolder: String) throws
    -> [String: Double]
  {
    var evaluation: [String: Double] = [:]
    if let groupSize = configuration.bench.plantedGroupSize {
      let vectors = NormalizedVectors(words: Array(vocabulary.words), table: model.input)
      evaluation["planted_neighbors"] = PlantedNeighbors.accuracy(
        vectors: vectors, groupSize: groupSize)
    }
    if configuration.evaluation.hasFiles {
      let vectors = WordVectors(words: Array(vocabulary.words), table: model.input)
      let report = try EvaluationReport(configuration.evaluation, vectors: vectors)
      try report.write(to: RunFile.evaluation.path(in: cellFolder))
      for (key, value) in report.json() {
        if let number = value as? Double { evaluation[key] = number }
      }
    }
    return evaluation
  }
}
