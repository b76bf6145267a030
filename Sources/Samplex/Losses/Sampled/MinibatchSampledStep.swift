import Foundation

/// One SGD step of a sampled loss over a minibatch, with one draw of candidates for the whole
/// batch as TensorFlow's `sampled_softmax_loss` and `nce_loss` make it: gather the batch's
/// input rows and the candidates' output rows, three `cblas_sgemm` products (logits, input
/// gradient, candidate-row gradient), then scatter the updates of the touched rows.
///
/// `samplex step` times it with TensorFlow's semantics (`step`: the batch-mean loss), and the
/// trainer's batch candidates (`BatchSampledLoss`) train through it with the summed loss and
/// CBOW's averaged inputs (`train`): one implementation, so that the step's figures are the
/// trainer's. All gradients are computed from the parameters as they were before the step,
/// then applied, as TensorFlow's `tape.gradient` followed by `scatter_sub` does; a row touched
/// twice (a repeated input, a label that is also a candidate) receives the sum of its updates.
/// One true class per example.
///
/// Sampled softmax and NCE add each output's bias and subtract its log expected count;
/// negative sampling (word2vec's loss) has neither, and leaves the biases alone.
///
/// With several threads the batch is split into parts, one per thread (`StepWorkers`), each
/// computing its rows' logits, losses and gradients with single-threaded OpenBLAS (OpenBLAS's
/// own threads cost more in synchronization than they save at these sizes); the gathers and
/// the updates are split too, the updates by row id so that no row is written by two threads.
public final class MinibatchSampledStep<Sampler: BatchProposal> {
  public let sampler: Sampler
  public let objective: Loss
  public let batch: Int
  public let samples: Int
  public let dimensions: Int
  public let unique: Bool
  public let removeAccidentalHits: Bool
  public let subtractLogQ: Bool
  public let threads: Int

  // Buffers, allocated once, as `EmbeddingTable`s because the parts' threads share them (each
  // writes only its own rows): the gathered inputs X (B×d) and their gradient, the logits (B×S,
  // replaced by their gradient), the true logits (then their gradient), the expected counts,
  // the gathered candidate rows Ws (S×d), each part's gradient of them and column sums, each
  // candidate's bias minus log Q, and each part's loss.
  private let x: EmbeddingTable
  private let dx: EmbeddingTable
  private let g: EmbeddingTable
  private let t: EmbeddingTable
  private let q: EmbeddingTable
  private let tq: EmbeddingTable
  private let ws: EmbeddingTable
  private let dws: EmbeddingTable
  private let columnSums: EmbeddingTable
  private let offsets: EmbeddingTable
  private let partLosses: EmbeddingTable
  private var candidates: [Int32]
  /// This step's draws from `sampler` (a proposal that follows the model keeps its state here).
  private var draw: Sampler.Draw
  private let workers: StepWorkers

  /// A step for batches of up to `batch` examples and `samples` candidates, with TensorFlow's
  /// defaults (`unique`, accidental hits removed for sampled softmax and negative sampling,
  /// log Q subtracted where the loss corrects its logits).
  public init(
    sampler: Sampler, objective: Loss, batch: Int, samples: Int, dimensions: Int,
    unique: Bool = true, removeAccidentalHits: Bool? = nil, subtractLogQ: Bool? = nil,
    threads: Int = 1
  ) throws(SamplerError) {
    precondition(objective.drawsCandidates, "\(objective) draws no candidates")
    try sampler.checkCanDraw(samples, unique: unique)
    self.sampler = sampler
    self.objective = objective
    self.batch = batch
    self.samples = samples
    self.dimensions = dimensions
    self.unique = unique
    self.removeAccidentalHits = removeAccidentalHits ?? objective.removesAccidentalHitsByDefault
    self.subtractLogQ = subtractLogQ ?? objective.correctsLogits
    self.threads = max(1, min(threads, batch))
    x = EmbeddingTable(rows: batch, dimensions: dimensions)
    dx = EmbeddingTable(rows: batch, dimensions: dimensions)
    g = EmbeddingTable(rows: batch, dimensions: samples)
    t = EmbeddingTable(rows: batch, dimensions: 1)
    q = EmbeddingTable(rows: samples, dimensions: 1)
    tq = EmbeddingTable(rows: batch, dimensions: 1)
    ws = EmbeddingTable(rows: samples, dimensions: dimensions)
    dws = EmbeddingTable(rows: self.threads * samples, dimensions: dimensions)
    columnSums = EmbeddingTable(rows: self.threads, dimensions: samples)
    offsets = EmbeddingTable(rows: samples, dimensions: 1)
    partLosses = EmbeddingTable(rows: self.threads, dimensions: 1)
    candidates = [Int32](repeating: 0, count: samples)
    draw = sampler.makeDraw(batch: batch, samples: samples, dimensions: dimensions)
    workers = StepWorkers(count: self.threads)
  }

  /// TensorFlow's step on one full batch: `ids` index the input table, `labels` the output
  /// table (one each). Returns the batch's mean loss before the update.
  public func step<Random: RandomNumberGenerator>(
    ids: UnsafeBufferPointer<Int32>, labels: UnsafeBufferPointer<Int32>, model: Model,
    learningRate: Float, random: inout Random
  ) -> Double {
    precondition(ids.count == batch && labels.count == batch, "one id and one label per example")
    let total = train(
      inputs: ids, inputCounts: nil, labels: labels, model: model, learningRate: learningRate,
      summed: false, random: &random)
    return total / Double(batch)
  }

  /// One step on `labels.count` (1…`batch`) examples; returns the sum of their losses before
  /// the update. Example `i`'s input is the mean of its `inputCounts[i]` consecutive rows of
  /// `inputs` (CBOW's window), or the one row `inputs[i]` when `inputCounts` is nil; each of
  /// those rows receives the example's whole input update, as word2vec.c does for CBOW. The
  /// loss is the batch mean, or with `summed` the sum, whose step is that of per-example SGD at
  /// the same rate (word2vec's learning rates are per example).
  package func train<Random: RandomNumberGenerator>(
    inputs: UnsafeBufferPointer<Int32>, inputCounts: UnsafeBufferPointer<Int32>?,
    labels: UnsafeBufferPointer<Int32>, model: Model, learningRate: Float, summed: Bool,
    inputRateFactor: Float = 1, outputRateFactor: Float = 1, random: inout Random
  ) -> Double {
    let count = labels.count
    precondition((1...batch).contains(count), "1…batch examples")
    let starts: [Int32]?
    if let inputCounts {
      precondition(inputCounts.count == count, "one input count per example")
      var running: Int32 = 0
      starts =
        [0]
        + inputCounts.map { counted in
          precondition(counted >= 1, "an example has at least one input")
          running += counted
          return running
        }
      precondition(Int(running) == inputs.count, "the input counts cover the inputs")
    } else {
      precondition(inputs.count == count, "one input per example")
      starts = nil
    }
    let (d, columns) = (dimensions, samples)
    let parts = threads
    let batchInputs = MinibatchInputs(
      inputs: Array(inputs), starts: starts, model: model, x: x, dimensions: d)
    let labelIDs = Array(labels)
    // 0. A proposal that follows the model reads X: gathered first, a range of rows per thread.
    let gatheredFirst = Sampler.Draw.readsQueries
    if gatheredFirst {
      workers.run { index in
        batchInputs.gather(
          rows: (count * index / parts)..<(count * (index + 1) / parts), labels: labelIDs,
          prefetchDistance: Part.prefetchDistance)
      }
    }
    // 1. One draw of candidates, with TF's expected counts.
    let queries = BatchQueries(rows: x.storage, count: count, dimensions: d)
    candidates.withUnsafeMutableBufferPointer { c in
      _ = draw.sample(
        into: c, expectedCounts: UnsafeMutableBufferPointer(start: q.storage, count: columns),
        trueClasses: labels,
        trueExpectedCounts: UnsafeMutableBufferPointer(start: tq.storage, count: count),
        unique: unique, queries: queries, model: model, using: &random)
    }
    let candidates = self.candidates
    let hits = removeAccidentalHits ? Self.lastPositions(of: labelIDs, in: candidates) : []
    let part = Part(
      batch: batchInputs, inputsGathered: gatheredFirst, labels: labelIDs,
      candidates: candidates, model: model, x: x, dx: dx, g: g, t: t, q: q, tq: tq, ws: ws,
      dws: dws, columnSums: columnSums, offsets: offsets, partLosses: partLosses, hits: hits,
      objective: objective, subtractLogQ: subtractLogQ, dimensions: d, columns: columns,
      scale: summed ? 1 : 1 / Float(count), parts: threads)
    // 2. The candidates' rows, and their bias minus log Q, a range of candidates per thread.
    workers.run { index in part.gatherCandidates(index) }
    // 3. The parts: logits, losses and gradients of their rows.
    workers.run { index in
      part.run(rows: (count * index / parts)..<(count * (index + 1) / parts), part: index)
    }
    // 4. The parts' candidate gradients summed, a range of candidates per thread; then the
    //    updates, each thread applying those of the rows whose id falls to it (id mod threads)
    //    in the order one thread would: no row is written by two threads, and a run with a
    //    given thread count is reproducible.
    workers.run { index in part.mergeCandidateGradients(index) }
    let (inputRate, outputRate) = (
      -learningRate * inputRateFactor, -learningRate * outputRateFactor
    )
    workers.run { index in part.apply(index, inputRate: inputRate, outputRate: outputRate) }
    var total = 0.0
    for index in 0..<parts { total += Double(partLosses.storage[index]) }
    return total
  }

  /// For each label, the last position of it among the candidates, or −1: the logit that
  /// `remove_accidental_hits` masks (also the batch-shared gradient diagnostics' mask).
  static func lastPositions(of labels: [Int32], in candidates: [Int32]) -> [Int32] {
    var position: [Int32: Int32] = [:]
    position.reserveCapacity(candidates.count)
    for (k, id) in candidates.enumerated() { position[id] = Int32(k) }
    return labels.map { position[$0] ?? -1 }
  }
}

/// The work of one part of a minibatch step: its rows' gathered inputs, logits, losses and
/// gradients. Everything it holds is shared read-only, or written only in the part's rows.
private struct Part: Sendable {
  /// The examples' input ids, and the rows X they gather into.
  let batch: MinibatchInputs
  /// Whether X was gathered before the draw (for a proposal that reads it).
  let inputsGathered: Bool
  let labels: [Int32]
  let candidates: [Int32]
  let model: Model
  let x: EmbeddingTable
  let dx: EmbeddingTable
  let g: EmbeddingTable
  let t: EmbeddingTable
  let q: EmbeddingTable
  let tq: EmbeddingTable
  let ws: EmbeddingTable
  let dws: EmbeddingTable
  let columnSums: EmbeddingTable
  let offsets: EmbeddingTable
  let partLosses: EmbeddingTable
  let hits: [Int32]
  let objective: Loss
  let subtractLogQ: Bool
  let dimensions: Int
  let columns: Int
  let scale: Float
  let parts: Int

  /// Whether logits add the output biases, which the step then trains (not for negative
  /// sampling).
  var usesBias: Bool { objective.correctsLogits }

  /// The candidates of thread `part`'s share.
  private func candidateRange(_ part: Int) -> Range<Int> {
    (columns * part / parts)..<(columns * (part + 1) / parts)
  }

  /// How many rows ahead the gathers and updates ask for the rows they will touch: rows of a
  /// large table are cache misses, and eight in flight hide most of their latency.
  static var prefetchDistance: Int { 8 }

  func gatherCandidates(_ part: Int) {
    let range = candidateRange(part)
    for k in range {
      if k + Self.prefetchDistance < range.upperBound {
        Kernels.prefetch(
          model.output.row(candidates[k + Self.prefetchDistance]), count: dimensions)
      }
      let id = candidates[k]
      ws.row(Int32(k)).update(from: model.output.row(id), count: dimensions)
      offsets.storage[k] =
        (usesBias ? model.bias.storage[Int(id)] : 0)
        - (subtractLogQ ? Foundation.log(q.storage[k]) : 0)
    }
  }

  /// Adds the other parts' candidate-row gradients and column sums into part 0's.
  func mergeCandidateGradients(_ part: Int) {
    let range = candidateRange(part)
    guard !range.isEmpty else { return }
    for other in 1..<max(parts, 1) {
      Kernels.axpy(
        1, dws.row(Int32(other * columns + range.lowerBound)), dws.row(Int32(range.lowerBound)),
        count: range.count * dimensions)
      Kernels.axpy(
        1, columnSums.row(Int32(other)) + range.lowerBound,
        columnSums.storage + range.lowerBound, count: range.count)
    }
  }

  /// The SGD updates of the rows whose id is `part` modulo the thread count: labels' output
  /// rows and biases, then candidates' output rows and biases, then input rows.
  func apply(_ part: Int, inputRate: Float, outputRate: Float) {
    let d = dimensions
    let ahead = Self.prefetchDistance
    func mine(_ id: Int32) -> Bool { Int(id) % parts == part }
    // Each list's rows, `ahead` positions on, are asked for before the row at hand is updated.
    func prefetch(_ list: [Int32], after index: Int, in table: EmbeddingTable) {
      if index + ahead < list.count, mine(list[index + ahead]) {
        Kernels.prefetch(table.row(list[index + ahead]), count: d)
      }
    }
    for (i, label) in labels.enumerated() {
      prefetch(labels, after: i, in: model.output)
      guard mine(label) else { continue }
      let step = outputRate * t.storage[i]
      Kernels.axpy(step, x.row(Int32(i)), model.output.row(label), count: d)
      if usesBias { model.bias.storage[Int(label)] += step }
    }
    for (k, id) in candidates.enumerated() {
      prefetch(candidates, after: k, in: model.output)
      guard mine(id) else { continue }
      Kernels.axpy(outputRate, dws.row(Int32(k)), model.output.row(id), count: d)
      if usesBias { model.bias.storage[Int(id)] += outputRate * columnSums.storage[k] }
    }
    // Every input row of an example gets its whole update (CBOW: each context row).
    let inputs = batch.inputs
    for i in labels.indices {
      for position in batch.range(i) {
        prefetch(inputs, after: position, in: model.input)
        let id = inputs[position]
        guard mine(id) else { continue }
        Kernels.axpy(inputRate, dx.row(Int32(i)), model.input.row(id), count: d)
      }
    }
  }

  func run(rows: Range<Int>, part: Int) {
    let (d, columns) = (dimensions, columns)
    guard !rows.isEmpty else {
      partLosses.storage[part] = 0
      columnSums.row(Int32(part)).update(repeating: 0, count: columns)
      dws.row(Int32(part * columns)).update(repeating: 0, count: columns * d)
      return
    }
    let first = Int32(rows.lowerBound)
    if !inputsGathered {
      batch.gather(rows: rows, labels: labels, prefetchDistance: Self.prefetchDistance)
    }
    // Logits L = X·Wsᵀ; true logits by dot products.
    Gemm.multiply(
      x.row(first), by: ws.storage, .transposed, into: g.row(first), rows: rows.count,
      columns: columns, inner: d)
    for i in rows {
      let label = labels[i]
      t.storage[i] =
        Kernels.dot(x.row(Int32(i)), model.output.row(label), count: d)
        + (usesBias ? model.bias.storage[Int(label)] : 0)
        - (subtractLogQ ? Foundation.log(tq.storage[i]) : 0)
    }
    // Loss and ∂loss/∂logit per row, the gradient in place of the logits.
    let sums = columnSums.row(Int32(part))
    sums.update(repeating: 0, count: columns)
    var total = 0.0
    for i in rows {
      let row = g.row(Int32(i))
      // The offsets added and the row's maximum found in one pass; a masked hit that was the
      // maximum sends the search round again, so the maximum is the masked row's.
      var rowMaximum = Kernels.addAndMaximum(offsets.storage, row, count: columns)
      if !hits.isEmpty, hits[i] >= 0 {
        let masked = row[Int(hits[i])]
        row[Int(hits[i])] = -Float.greatestFiniteMagnitude
        if masked == rowMaximum { rowMaximum = Kernels.maximum(row, count: columns) }
      }
      let trueLogit = t.storage[i]
      switch objective {
      case .sampledSoftmax:
        let maximum = max(trueLogit, rowMaximum)
        let trueExp = Foundation.exp(trueLogit - maximum)
        let sum = Kernels.exponentiate(row, count: columns, shift: maximum) + trueExp
        Kernels.scaleAndAccumulate(row, by: scale / sum, into: sums, count: columns)
        total += Double(maximum) + Foundation.log(Double(sum)) - Double(trueLogit)
        t.storage[i] = trueExp * (scale / sum) - scale
      case .nce, .negativeSampling:
        // Sigmoid cross-entropy with label 1 on the true logit and 0 on the candidates.
        total += Kernels.noiseSigmoid(row, count: columns, factor: scale)
        total +=
          Double(max(-trueLogit, 0)) + Foundation.log1p(Foundation.exp(-Double(abs(trueLogit))))
        t.storage[i] = (1 / (1 + Foundation.exp(-trueLogit)) - 1) * scale
        Kernels.axpy(1, row, sums, count: columns)
      case .fullSoftmax, .hierarchicalSoftmax:
        preconditionFailure("\(objective) draws no candidates")
      }
    }
    partLosses.storage[part] = Float(total)
    // dX = G·Ws + g_true·W[y]; this part's dWs = Gᵀ·X.
    Gemm.multiply(
      g.row(first), by: ws.storage, into: dx.row(first), rows: rows.count, columns: d,
      inner: columns)
    for i in rows {
      Kernels.axpy(t.storage[i], model.output.row(labels[i]), dx.row(Int32(i)), count: d)
    }
    Gemm.multiply(
      g.row(first), .transposed, by: x.row(first), into: dws.row(Int32(part * columns)),
      rows: columns, columns: d, inner: rows.count, leadingA: columns)
  }
}
