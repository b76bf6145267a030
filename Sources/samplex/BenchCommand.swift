import ArgumentParser
import Foundation
import Samplex
import SamplexBench

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Compare samplers and losses against the exact full softmax, as a grid of runs.",
    discussion: """
      Trains every cell of the grid in the config's bench section (samplers × losses × \
      candidate counts, plus the full softmax) on the same words: training.epochs over the \
      same corpus, seed and data order (a training.budget_seconds may cut a cell, which is \
      then reported, not ranked), under each seed of bench.seeds. A cell whose loss stops \
      being finite trains again at half the learning rate, up to \(BenchRunner.divergenceRetries) \
      times. Each is scored on one shared held-out set by the exact cross-entropy over the \
      whole vocabulary (the hierarchical softmax's by its tree) with its standard error, by \
      frequency band, and with gradient diagnostics on a fixed probe batch. Writes report.md (the verdict first: the best \
      sampler per loss and S and its gap to the full softmax; then tables and SVG charts), \
      results.csv and one folder per cell into output.dir. Finished cells are kept: a rerun \
      trains only what is missing.

      Examples:
        samplex bench configs/bench-small.yaml
        samplex bench configs/samplers.yaml --set bench.seeds=[1,2,3]
      """)

  @Argument(help: "The bench config (YAML): the bench section plus the base settings.")
  var config: String

  @Option(
    name: .customLong("set"),
    help: ArgumentHelp(
      "Set any config key, e.g. --set training.epochs=2 (repeatable).",
      valueName: "section.key=value"))
  var overrides: [String] = []

  @Option(
    name: .shortAndLong,
    help: "The bench folder to write (output.dir; default \(RunRequest.benchFolder)).")
  var output: String?

  func run() throws {
    var (configuration, origins) = try RunRequest(
      .bench, configFile: config, overrides: overrides
    ).resolve()
    // -o names the folder whatever the config and --set say.
    if let output { configuration.output = output }
    let grid = try BenchGrid(configuration.bench, origins: origins)
    let runner = BenchRunner(configuration: configuration, grid: grid)
    let outcome = try runner.run { line in
      TerminalOutput.error(line)
    }
    TerminalOutput.line(
      "bench: \(outcome.trained.count) cells trained, \(outcome.reused.count) kept from an "
        + "earlier run; wrote \(runner.folder)/report.md and results.csv")
  }
}
