import Samplex

/// One cell of a bench grid: a loss with a sampler and a number of candidates, or a loss that
/// draws none (the exact full softmax, the hierarchical softmax). Every other setting comes from the config the grid was declared in.
package struct BenchCell: Sendable, Equatable {
  package let loss: Loss
  /// nil for a loss that draws no candidates.
  package let sampler: TrainingOptions.SamplerKind?
  /// The unigram sampler's power (nil for the other samplers).
  package let power: Double?
  /// Candidates per window (nil for a loss that draws none).
  package let samples: Int?

  package init(
    loss: Loss, sampler: TrainingOptions.SamplerKind?, power: Double?,
    samples: Int?
  ) {
    self.loss = loss
    self.sampler = sampler
    self.power = power
    self.samples = samples
  }

  /// The exact full softmax: the reference every sampled cell is compared with.
  package static let fullSoftmax = BenchCell(
    loss: .fullSoftmax, sampler: nil, power: nil, samples: nil)

  /// The sampler as the grid spells it: `uniform`, `log-uniform`, `unigram^0.75`, `midx`,
  /// `resample`; `exact` for the full softmax, `tree` for the hierarchical softmax.
  package var samplerLabel: String {
    guard let sampler else { return loss == .hierarchicalSoftmax ? "tree" : "exact" }
    if let power { return "unigram^\(power)" }
    return sampler.rawValue
  }

  /// A name that is also the cell's folder: `nce.unigram^0.75.S64`, `full-softmax`.
  package var name: String {
    guard let samples else { return loss.rawValue }
    return "\(loss.rawValue).\(samplerLabel).S\(samples)"
  }

  /// The base options with this cell's loss, sampler and candidates. A sampler that follows
  /// the model (midx, resample) reads it once per minibatch, so its cell trains with batch
  /// candidates whatever the config's `loss.candidates`.
  package func options(from base: TrainingOptions) -> TrainingOptions {
    var options = base
    options.loss = loss
    if let sampler { options.sampler = sampler }
    if let power { options.power = power }
    if let samples { options.samples = samples }
    if loss.drawsCandidates, let sampler, sampler.followsModel {
      options.candidateSharing = .perBatch
    }
    return options
  }
}
