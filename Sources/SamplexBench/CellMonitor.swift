import Samplex
import Synchronization

/// Watches one bench cell while it trains: at each progress tick it scores the shared held-out
/// set (overall and by frequency band) and runs the gradient diagnostics on the probe batch,
/// reading the live model. Ticks come from the progress thread and, at epoch ends, from the
/// trainer's; the lock takes them one at a time.
final class CellMonitor: Sendable {
  let heldOut: HeldOutSet
  /// The output layer the cell's loss trains, which its held-out cross-entropy scores.
  let layer: OutputLayer
  let bands: FrequencyBands
  let probe: HeldOutSet
  /// The gradient diagnostics of a sampled loss, drawn as the cell trains (nil for the others).
  let diagnostics: ProbeDiagnostics?
  let seed: UInt64
  private let state = Mutex(
    (points: [CellResult.Point](), ticks: [ProgressTick](), lastLosses: [Float]()))

  init(
    heldOut: HeldOutSet, layer: OutputLayer, bands: FrequencyBands, probe: HeldOutSet,
    diagnostics: ProbeDiagnostics?, seed: UInt64
  ) {
    self.heldOut = heldOut
    self.layer = layer
    self.bands = bands
    self.probe = probe
    self.diagnostics = diagnostics
    self.seed = seed
  }

  var points: [CellResult.Point] { state.withLock { $0.points } }
  /// The ticks with their held-out cross-entropy filled in: the cell's `metrics.jsonl`.
  var ticks: [ProgressTick] { state.withLock { $0.ticks } }
  /// Each held-out pair's loss at the last evaluation.
  var lastLosses: [Float] { state.withLock { $0.lastLosses } }

  func observe(model: Model, tick: ProgressTick) {
    state.withLock { state in
      let losses = heldOut.losses(model: model, layer: layer)
      let crossEntropy = losses.reduce(0, +) / Double(max(losses.count, 1))
      let standardError = SampleStatistics(losses).standardError
      let byBand = heldOut.crossEntropy(byBand: losses, bands: bands)
      state.lastLosses = losses.map { Float($0) }
      var report: GradientDiagnostics.Report?
      if let diagnostics, probe.count > 0 {
        // Each evaluation draws afresh, the same way in every cell.
        report = diagnostics.measure(
          model: model, probe: probe, seed: seed &+ UInt64(state.points.count))
      }
      state.points.append(
        CellResult.Point(
          seconds: tick.seconds, words: tick.wordsSeen, examples: tick.examplesSeen,
          loss: tick.loss, learningRate: Double(tick.learningRate), heldOut: crossEntropy,
          heldOutStandardError: standardError, head: byBand[.head], torso: byBand[.torso],
          tail: byBand[.tail], diagnostics: report))
      var tick = tick
      tick.heldOutCrossEntropy = crossEntropy
      state.ticks.append(tick)
    }
  }
}
