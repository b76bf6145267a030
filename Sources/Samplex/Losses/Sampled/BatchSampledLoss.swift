/// Negative sampling, NCE or sampled softmax with candidates shared by a minibatch, with
/// TensorFlow's semantics: each worker collects `batchSize` examples from its windows, draws
/// `samples` candidates once for all of them (distinct, with `unique`), and trains them as one
/// `MinibatchSampledStep` (three matrix products, then the touched rows' updates), Hogwild
/// across workers.
///
/// The learning rate is word2vec's, per example: the step is that of the summed loss, so an
/// example's own rows (its input rows, its true class's output row) get the update that
/// per-example SGD would give them, at their table's rate below. A candidate row, though,
/// takes part in every example of the batch, and its summed update is a sum over B examples
/// computed from the same parameters: its curvature grows with B, and at B = 1,024 and rate 0.025 the steps of the
/// logistic losses diverged within 0.2M words on corpusA (BENCHMARKS.md). So the output table
/// (rows and biases) takes the rate scaled to at most 256 examples' worth a step for the
/// sampled softmax, whose weights sum to below 1 over a row's candidates, and for NCE, whose
/// biases start at −log V so that its noise weights start near 1/S
/// (`Loss.initialOutputBias`; from zero biases NCE needed 16 like negative
/// sampling, and trained vectors far behind its windows'), and 16 for negative sampling, whose
/// logistic weights have no such start; and the logistic losses' input rows,
/// whose gradients sum over every candidate, take it scaled to at most 64 logits' worth.
/// These are per-table constants, the same every step and for a row in every role (a true
/// class and a candidate), so the loss's minimum is where SGD settles; only the step sizes are
/// bounded.
package struct BatchSampledLoss<Sampler: BatchProposal>: TrainingLoss {
  package let sampler: Sampler
  package let objective: Loss
  package let architecture: Architecture
  package let samples: Int
  package let batchSize: Int
  /// Whether a batch's candidates are distinct (TensorFlow's `unique`).
  package let unique: Bool
  /// The factors of the learning rate of the output table (rows and biases) and of the input
  /// rows: see the type's comment.
  package var outputRateFactor: Float {
    let examples: Float = objective == .negativeSampling ? 16 : 256
    return min(1, examples / Float(batchSize))
  }
  package var inputRateFactor: Float { objective.inputRateFactor(samples: samples) }

  /// An example's logits: its true class and the batch's candidates.
  package var outputsPerExample: Int { samples + 1 }
  package var minibatchSize: Int? { batchSize }

  /// - Throws: `SamplerError.rangeTooSmall` when `unique` asks for more distinct candidates than
  ///   there are classes.
  package init(
    sampler: Sampler, objective: Loss, architecture: Architecture, samples: Int,
    batchSize: Int, unique: Bool = true
  ) throws(SamplerError) {
    precondition(objective.drawsCandidates, "\(objective) draws no candidates")
    precondition(samples >= 1 && batchSize >= 1, "a batch and a draw of at least one")
    try sampler.checkCanDraw(samples, unique: unique)
    self.sampler = sampler
    self.objective = objective
    self.architecture = architecture
    self.samples = samples
    self.batchSize = batchSize
    self.unique = unique
  }

  /// A worker's examples not yet trained, and the step that trains them (its buffers made once).
  package final class State {
    package internal(set) var pending: PendingExamples
    let step: MinibatchSampledStep<Sampler>

    init(pending: PendingExamples, step: MinibatchSampledStep<Sampler>) {
      self.pending = pending
      self.step = step
    }
  }

  package func makeState(model: Model) -> State {
    // The sampler's range was checked in `init`, so the step's own check cannot fail.
    let step = try! MinibatchSampledStep(
      sampler: sampler, objective: objective, batch: batchSize, samples: samples,
      dimensions: model.dimensions, unique: unique)
    return State(pending: PendingExamples(capacity: batchSize), step: step)
  }

  package func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    state: State, learningRate: Float
  ) {
    switch architecture {
    case .skipGram:
      // Batches of exactly `batchSize` examples, a window's pairs split across two if need be.
      for context in contexts {
        state.pending.append(label: centre, input: context)
        if state.pending.count == batchSize {
          flush(model: model, workspace: &workspace, state: state, learningRate: learningRate)
        }
      }
    case .cbow:
      state.pending.append(label: centre, inputs: contexts)
      if state.pending.count == batchSize {
        flush(model: model, workspace: &workspace, state: state, learningRate: learningRate)
      }
    }
  }

  package func flush(model: Model, workspace: inout Workspace, state: State, learningRate: Float) {
    let count = state.pending.count
    guard count > 0 else { return }
    let step = state.step
    let total = state.pending.inputs.withUnsafeBufferPointer { inputs in
      state.pending.labels.withUnsafeBufferPointer { labels in
        state.pending.inputCounts.withUnsafeBufferPointer { counts in
          step.train(
            inputs: inputs, inputCounts: architecture == .cbow ? counts : nil, labels: labels,
            model: model, learningRate: learningRate, summed: true,
            inputRateFactor: inputRateFactor, outputRateFactor: outputRateFactor,
            random: &workspace.random)
        }
      }
    }
    workspace.lossSum += total
    workspace.lossCount += count
    state.pending.removeAll()
  }
}
