import Samplex

/// A cell's gradient diagnostics, with candidates drawn the way the cell trains: per probe
/// pair from its fixed sampler for window candidates, or one set shared by the probe batch
/// from its proposal for batch candidates (so that midx and resample are measured against
/// their own Q, read from the live model).
struct ProbeDiagnostics: Sendable {
  /// Where the candidates come from.
  enum Candidates: Sendable {
    case perPair(any CandidateSampler)
    case sharedByBatch(any BatchProposal)
  }

  let diagnostics: GradientDiagnostics
  let candidates: Candidates

  /// The diagnostics of a cell trained with `options`.
  /// - Throws: `SamplerError` for a sampler the vocabulary cannot take.
  init(options: TrainingOptions, draws: Int, vocabulary: Vocabulary) throws {
    diagnostics = GradientDiagnostics(
      objective: options.loss, samples: options.samples, draws: draws)
    candidates =
      options.candidateSharing == .perBatch
      ? .sharedByBatch(try TrainerFactory.proposal(options, vocabulary: vocabulary))
      : .perPair(try TrainerFactory.sampler(options, vocabulary: vocabulary))
  }

  /// The report on `probe` under the live `model`, its draws seeded by `seed`.
  func measure(model: Model, probe: HeldOutSet, seed: UInt64) -> GradientDiagnostics.Report {
    switch candidates {
    case .perPair(let sampler):
      return diagnostics.measure(
        sampler: sampler, model: model, contexts: probe.contexts, centres: probe.centres,
        seed: seed)
    case .sharedByBatch(let proposal):
      return diagnostics.measureShared(
        proposal: proposal, model: model, contexts: probe.contexts, centres: probe.centres,
        seed: seed)
    }
  }
}
