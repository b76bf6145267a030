import Foundation

/// Negative sampling, NCE or sampled softmax over a window, with candidates from any sampler.
///
/// By default the candidates are drawn once per window and shared by all its context words
/// (pWord2Vec, Ji et al. 2016): the window's logits are then a small (contexts × candidates)
/// product whose rows are all in cache, and both updates are applied once per window.
/// `sharing: .perPair` draws for every (context, centre) pair and updates the output rows at
/// once, as word2vec.c does.
package struct SampledWindowLoss<Sampler: CandidateSampler>: TrainingLoss {
  package typealias State = NoLossState
  package let sampler: Sampler
  package let objective: Loss
  package let architecture: Architecture
  package let samples: Int
  package let sharing: CandidateSharing
  package let removeAccidentalHits: Bool
  /// `log(S·Q(k))` per id: the log expected count of a draw with replacement.
  let logExpectedCounts: [Float]
  let table = LogisticTable()
  /// The input rows' share of the learning rate (`Loss.inputRateFactor(samples:)`): 1 below 64
  /// candidates, as word2vec trains.
  let inputRateFactor: Float

  package init(
    sampler: Sampler, objective: Loss, architecture: Architecture, samples: Int,
    sharing: CandidateSharing = .perWindow, removeAccidentalHits: Bool? = nil
  ) {
    precondition(objective.drawsCandidates, "\(objective) draws no candidates")
    precondition(samples >= 1, "at least one candidate is needed")
    precondition(sharing != .perBatch, "a minibatch's candidates are BatchSampledLoss's")
    self.sampler = sampler
    self.objective = objective
    self.architecture = architecture
    self.samples = samples
    self.sharing = sharing
    // TensorFlow's defaults: masked for sampled softmax, not for NCE; word2vec skips them.
    self.removeAccidentalHits = removeAccidentalHits ?? objective.removesAccidentalHitsByDefault
    inputRateFactor = objective.inputRateFactor(samples: samples)
    logExpectedCounts =
      objective.correctsLogits
      ? (0..<sampler.rangeMax).map {
        ExpectedCount.logarithm(Float(Double(samples) * sampler.probability(of: Int32($0))))
      } : []
  }

  /// The output rows a window needs: the centre and the candidates.
  package var maxOutputs: Int { samples + 1 }

  /// A pair's rows are the window's: the centre and the candidates.
  package var outputsPerExample: Int { samples + 1 }

  package func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    state: State, learningRate: Float
  ) {
    switch (architecture, sharing) {
    case (.skipGram, .perPair):
      for j in contexts.indices {
        drawCandidates(centre: centre, model: model, workspace: &workspace)
        trainSkipGramWindow(
          contexts: UnsafeBufferPointer(rebasing: contexts[j..<(j + 1)]), model: model,
          workspace: &workspace, learningRate: learningRate)
      }
    case (.skipGram, _):
      drawCandidates(centre: centre, model: model, workspace: &workspace)
      trainSkipGramWindow(
        contexts: contexts, model: model, workspace: &workspace, learningRate: learningRate)
    case (.cbow, _):
      drawCandidates(centre: centre, model: model, workspace: &workspace)
      trainCBOW(contexts: contexts, model: model, workspace: &workspace, learningRate: learningRate)
    }
  }

  @inline(__always)
  package func prefetch(centre: Int32, context: Int32, model: Model) {
    Kernels.prefetch(model.output.row(centre), count: model.dimensions)
    Kernels.prefetch(model.input.row(context), count: model.dimensions)
  }

  /// Fills the workspace's outputs with the centre and fresh candidates, their masks and
  /// corrections.
  @inline(__always)
  private func drawCandidates(centre: Int32, model: Model, workspace: inout Workspace) {
    let outputs = workspace.outputs
    outputs[0] = centre
    let candidates = UnsafeMutableBufferPointer(rebasing: outputs[1...samples])
    if workspace.hasNextCandidates {
      _ = candidates.update(
        fromContentsOf: UnsafeMutableBufferPointer(
          rebasing: workspace.nextCandidates[..<samples]))
      workspace.random = workspace.randomAfterNext
    } else {
      _ = sampler.sample(into: candidates, unique: false, using: &workspace.random)
    }
    // The next window's draw, from the state after this one's, as the same generator would
    // give it then; its rows load while this window trains.
    let next = UnsafeMutableBufferPointer(rebasing: workspace.nextCandidates[..<samples])
    workspace.randomAfterNext = workspace.random
    _ = sampler.sample(into: next, unique: false, using: &workspace.randomAfterNext)
    workspace.hasNextCandidates = true
    for id in next {
      Kernels.prefetch(model.output.row(id), count: model.dimensions)
    }
    let masked = workspace.masked
    masked[0] = false
    for k in 1...samples { masked[k] = false }
    if removeAccidentalHits {
      objective.maskAccidentalHits(outputs: outputs, masked: masked, samples: samples)
    }
    guard objective.correctsLogits else { return }
    let bias = model.bias.storage
    logExpectedCounts.withUnsafeBufferPointer { logCounts in
      for k in 0...samples {
        let id = Int(outputs[k])
        workspace.corrections[k] = bias[id] - logCounts[id]
      }
    }
  }

  /// Skip-gram: each context row predicts the centre against the shared candidates. All logits
  /// come first, from the rows as they were; then `Kernels.windowUpdate` applies both updates.
  @inline(__always)
  private func trainSkipGramWindow(
    contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    learningRate: Float
  ) {
    let d = model.dimensions
    let count = samples + 1
    let m = contexts.count
    let outputs = workspace.outputs
    let outputRows = workspace.outputRows.baseAddress!
    let contextRows = workspace.contextRows.baseAddress!
    for k in 0..<count { outputRows[k] = model.output.row(outputs[k]) }
    for j in 0..<m { contextRows[j] = model.input.row(contexts[j]) }
    // G (contexts × outputs), scaled by −learning rate.
    let scale = workspace.gradientBlock.baseAddress!
    let corrects = objective.correctsLogits
    var loss: Float = 0
    Kernels.dotBlock(
      rows: contextRows, rowCount: m, columns: outputRows, columnCount: count, count: d,
      into: scale)
    for j in 0..<m {
      let row = UnsafeMutableBufferPointer(start: scale + j * count, count: count)
      if corrects { for k in 0..<count { row[k] += workspace.corrections[k] } }
      loss += objective.evaluate(
        logits: row, masked: workspace.masked, count: count, gradients: workspace.gradients,
        table: table)
      for k in 0..<count { row[k] = -learningRate * workspace.gradients[k] }
    }
    workspace.lossSum += Double(loss)
    workspace.lossCount += m
    if corrects {
      for k in 0..<count {
        var total: Float = 0
        for j in 0..<m { total += scale[j * count + k] }
        model.bias.storage[Int(outputs[k])] += total
      }
    }
    Kernels.windowUpdate(
      contexts: contextRows, contextCount: m, outputs: outputRows, outputCount: count,
      gradients: scale, scratch: workspace.windowScratch, count: d, contextScale: inputRateFactor)
  }

  /// CBOW: the mean of the context rows predicts the centre; every context row gets the
  /// hidden vector's update, as word2vec.c and gensim (cbow_mean=1) do. Two passes over the
  /// rows (`Kernels.scaledSum`, `Kernels.cbowUpdate`) around the logits (`Kernels.dotRow`).
  @inline(__always)
  private func trainCBOW(
    contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    learningRate: Float
  ) {
    let d = model.dimensions
    let count = samples + 1
    let m = contexts.count
    let outputs = workspace.outputs
    let hidden = workspace.hidden.baseAddress!
    let outputRows = workspace.outputRows.baseAddress!
    let contextRows = workspace.contextRows.baseAddress!
    for k in 0..<count { outputRows[k] = model.output.row(outputs[k]) }
    for j in 0..<m { contextRows[j] = model.input.row(contexts[j]) }
    Kernels.scaledSum(of: contextRows, rowCount: m, scale: 1 / Float(m), into: hidden, count: d)
    let logits = workspace.logits.baseAddress!
    Kernels.dotRow(hidden, columns: outputRows, columnCount: count, count: d, into: logits)
    let corrects = objective.correctsLogits
    if corrects { for k in 0..<count { logits[k] += workspace.corrections[k] } }
    let loss = objective.evaluate(
      logits: workspace.logits, masked: workspace.masked, count: count,
      gradients: workspace.gradients, table: table)
    // Rows whose gradient is zero (masked, or a saturated logistic) are left out of the update.
    let coefficients = workspace.gradientBlock.baseAddress!
    var updated = 0
    for k in 0..<count {
      let g = -learningRate * workspace.gradients[k]
      if g == 0 { continue }
      outputRows[updated] = outputRows[k]
      coefficients[updated] = g
      updated += 1
      if corrects { model.bias.storage[Int(outputs[k])] += g }
    }
    Kernels.cbowUpdate(
      hidden: hidden, outputs: outputRows, gradients: coefficients, outputCount: updated,
      contexts: contextRows, contextCount: m, count: d, contextScale: inputRateFactor)
    workspace.lossSum += Double(loss)
    workspace.lossCount += 1
  }
}
