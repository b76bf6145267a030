import Foundation

/// How far a sampled loss's gradient and loss are from the exact full softmax's, on a fixed
/// probe batch of (context, centre) pairs, over repeated candidate draws.
///
/// The sampled side is what the trainer computes. `measure(sampler:…)` draws as window
/// candidates do (`SampledWindowLoss`): each pair's own S candidates, with replacement, logits
/// `u·w_k + b_k − log(S·Q(k))` for sampled softmax and NCE (`u·w_k` for negative sampling),
/// accidental hits masked by the loss's rule, and the objective's gradient. `measureShared`
/// draws as batch candidates do (`MinibatchSampledStep`): one set of S candidates per draw for
/// the whole probe batch, from any `BatchProposal`, with the draw's expected counts and the
/// step's masking. The exact side is `FullSoftmax` over the whole vocabulary. For each variant
/// (as trained; `subtract_log_q` off; `remove_accidental_hits` off) the same draws are used,
/// so the variants differ by the switch alone.
///
/// Why it matters (Bengio & Senécal 2008; Blanc & Rendle 2018): sampled softmax is biased
/// unless Q matches the model's softmax p. With Q = p and no hit removal, every corrected logit
/// equals `log Z − log S`, so each of the S + 1 columns gets weight 1/(S + 1) and
/// `E[ĝ] = S/(S + 1) · g` exactly: the expected gradient points along the exact one (its
/// cosine is 1) and the loss is `log(S + 1)` on every draw. The importance-sampling estimate of
/// the exact loss, `log((1/S) Σ_s exp(z_s)/Q(s)) − z_o`, is then exact; with any other Q it is
/// biased low (Jensen's inequality), which `importanceBias` measures.
package struct GradientDiagnostics: Sendable {
  package let objective: Loss
  package let samples: Int
  package let draws: Int

  package init(objective: Loss, samples: Int, draws: Int) {
    precondition(objective.drawsCandidates, "\(objective) draws no candidates")
    precondition(samples >= 1 && draws >= 2, "a diagnostic needs candidates and two draws")
    self.objective = objective
    self.samples = samples
    self.draws = draws
  }

  /// One estimator's figures over the draws.
  package struct Figures: Sendable, Equatable, Codable {
    /// The mean over draws of cos(ĝ, g) for the probe's input vectors (all rows as one vector).
    package var inputCosine: Double
    /// The same for the output table W.
    package var outputCosine: Double
    /// cos(mean of ĝ over the draws, g): the estimator's direction with its variance averaged
    /// away, so 1 minus it shows the bias.
    package var meanInputCosine: Double
    package var meanOutputCosine: Double
    /// The same two for the whole gradient, every parameter the step moves as one vector: the
    /// probe's input rows, the output table and, where the loss reads them (sampled softmax and
    /// NCE), the output biases. A proposal trades the parts against each other (one that draws
    /// the rows whose output vectors are long serves the input rows, one that draws in
    /// proportion to the softmax serves the output table), and this weighs each part by its
    /// exact gradient's norm. nil in a report written before it was measured.
    package var gradientCosine: Double?
    package var meanGradientCosine: Double?
    /// The sampled loss (mean over the probe) minus the exact cross-entropy, averaged over the
    /// draws, and its standard deviation over the draws.
    package var lossBias: Double
    package var lossDeviation: Double
  }

  /// All figures of one probe.
  package struct Report: Sendable, Equatable, Codable {
    /// The exact cross-entropy of the probe, in nats.
    package var exactLoss: Double
    /// The loss as trained.
    package var trained: Figures
    /// With `subtract_log_q` off (nil where the loss does not subtract it: negative sampling).
    package var withoutLogQ: Figures?
    /// With `remove_accidental_hits` off (nil where the loss does not remove them: NCE).
    package var keepingHits: Figures?
    /// The importance-sampling estimate of the exact loss against the exact loss: mean bias
    /// and standard deviation over the draws.
    package var importanceBias: Double
    package var importanceDeviation: Double
  }

  /// Whether the loss removes accidental hits as trained (TensorFlow's defaults; word2vec skips
  /// them).
  package var removesHits: Bool { objective.removesAccidentalHitsByDefault }

  /// Measures the probe batch `contexts[i] → centres[i]` under `model`, each pair with its own
  /// candidates from `sampler` (as window candidates are drawn), draws seeded by `seed`.
  package func measure<Sampler: CandidateSampler>(
    sampler: Sampler, model: Model, contexts: [Int32], centres: [Int32], seed: UInt64
  ) -> Report {
    measure(model: model, contexts: contexts, centres: centres, seed: seed) { _ in
      PerPairCandidates(
        sampler: sampler, objective: objective, samples: samples,
        vocabularySize: model.vocabularySize)
    }
  }

  /// Measures the probe batch as the trainer's batch candidates train it: each draw one set of
  /// candidates from `proposal` for the whole probe (distinct with `unique`, the trainer's
  /// default), prepared from the probe's context input rows and the live `model`; every pair
  /// uses them with the draw's expected counts. Each variant makes a fresh draw (a proposal
  /// that follows the model fits it from `model`) seeded alike, so the variants see the same
  /// candidates.
  package func measureShared<Proposal: BatchProposal>(
    proposal: Proposal, unique: Bool = true, model: Model, contexts: [Int32], centres: [Int32],
    seed: UInt64
  ) -> Report {
    measure(model: model, contexts: contexts, centres: centres, seed: seed) { exact in
      BatchSharedCandidates(
        proposal: proposal, samples: samples, unique: unique, model: model,
        queries: exact.inputs, centres: centres)
    }
  }

  /// The report over the three variants, each with its own candidate source from `source`, so
  /// that every variant replays the same draws.
  private func measure<Source: ProbeCandidateSource>(
    model: Model, contexts: [Int32], centres: [Int32], seed: UInt64,
    source: (ExactGradient) -> Source
  ) -> Report {
    precondition(!contexts.isEmpty && contexts.count == centres.count, "one context per centre")
    let exact = ExactGradient(model: model, contexts: contexts, centres: centres)
    func figures(removeHits: Bool, subtractLogQ: Bool) -> (Figures, [Double]) {
      var run = ProbeRun(
        diagnostics: self, removeHits: removeHits, subtractLogQ: subtractLogQ, model: model,
        exact: exact, contexts: contexts, centres: centres)
      var candidates = source(exact)
      return run.measure(candidates: &candidates, seed: seed)
    }
    let correctsLogits = objective.correctsLogits
    let (trained, importance) = figures(removeHits: removesHits, subtractLogQ: correctsLogits)
    let withoutLogQ =
      correctsLogits ? figures(removeHits: removesHits, subtractLogQ: false).0 : nil
    let keepingHits =
      removesHits ? figures(removeHits: false, subtractLogQ: correctsLogits).0 : nil
    let (bias, deviation) = Self.biasAndDeviation(importance, exact: exact.loss)
    return Report(
      exactLoss: exact.loss, trained: trained, withoutLogQ: withoutLogQ, keepingHits: keepingHits,
      importanceBias: bias, importanceDeviation: deviation)
  }

  /// The mean of `values` minus `exact`, and the sample standard deviation of `values`.
  static func biasAndDeviation(_ values: [Double], exact: Double) -> (Double, Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance =
      values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count - 1, 1))
    return (mean - exact, variance.squareRoot())
  }
}

/// The exact full-softmax loss and gradients of a probe batch: g_U (P, d) to its input rows,
/// G_W (V, d) to the output table and g_b (V) to the biases, from `FullSoftmax`.
struct ExactGradient {
  let inputs: [Float]
  let inputGradient: [Float]
  let weightGradient: [Float]
  let biasGradient: [Float]
  let loss: Double
  let inputNorm: Double
  let weightNorm: Double
  let biasNorm: Double

  init(model: Model, contexts: [Int32], centres: [Int32]) {
    let d = model.dimensions
    var inputs = [Float](repeating: 0, count: contexts.count * d)
    for (index, context) in contexts.enumerated() {
      let row = model.input.row(context)
      for k in 0..<d { inputs[index * d + k] = row[k] }
    }
    let result = inputs.withUnsafeBufferPointer { x in
      model.output.withValues { weights in
        model.bias.withValues { biases in
          FullSoftmax(dimensions: d).evaluate(
            inputs: x, weights: UnsafeBufferPointer(weights),
            biases: UnsafeBufferPointer(biases), labels: centres, gradients: true)
        }
      }
    }
    self.inputs = inputs
    inputGradient = result.inputGradient
    weightGradient = result.weightGradient
    biasGradient = result.biasGradient
    loss = result.losses.reduce(0.0) { $0 + Double($1) } / Double(centres.count)
    inputNorm = Self.norm(inputGradient)
    weightNorm = Self.norm(weightGradient)
    biasNorm = Self.norm(biasGradient)
  }

  static func norm(_ values: [Float]) -> Double {
    values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
  }
}
