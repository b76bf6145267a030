import Foundation

/// One SGD step of TensorFlow's `sampled_softmax_loss` or `nce_loss` over a minibatch, with one
/// draw of candidates for the whole batch as TensorFlow makes it: gather the batch's input rows
/// and the candidates' output rows, three `cblas_sgemm` products (logits, input gradient,
/// candidate-row gradient), then scatter the updates of the touched rows.
///
/// The loss is the batch mean (`reduce_mean`), so each gradient carries 1/B. All gradients are
/// computed from the parameters as they were before the step, then applied, as TensorFlow's
/// `tape.gradient` followed by `scatter_sub` does; a row touched twice (a repeated input, a label
/// that is also a candidate) receives the sum of its updates. One true class per example.
public final class MinibatchSampledStep<Sampler: CandidateSampler> {
  public let sampler: Sampler
  public let loss: SampledLoss
  public let batch: Int
  public let samples: Int
  public let dimensions: Int
  public let unique: Bool
  public let removeAccidentalHits: Bool
  public let subtractLogQ: Bool

  // Buffers, allocated once: the gathered inputs X (B×d) and their gradient, the logits L
  // (B×S, replaced by their gradient), the true logits (then their gradient), the candidates with
  // their expected counts, the gathered candidate rows Ws (S×d) and their gradient, each
  // candidate's bias minus log Q, and an open-addressing map from a candidate id to its last
  // position (for accidental hits).
  private let x: UnsafeMutablePointer<Float>
  private let dx: UnsafeMutablePointer<Float>
  private let g: UnsafeMutablePointer<Float>
  private let t: UnsafeMutablePointer<Float>
  private let c: UnsafeMutableBufferPointer<Int32>
  private let q: UnsafeMutableBufferPointer<Float>
  private let tq: UnsafeMutableBufferPointer<Float>
  private let ws: UnsafeMutablePointer<Float>
  private let dws: UnsafeMutablePointer<Float>
  private let offsets: UnsafeMutablePointer<Float>
  private let slots: UnsafeMutableBufferPointer<Int32>
  private let slotIDs: UnsafeMutableBufferPointer<Int32>

  /// A step for batches of `batch` examples and `samples` candidates, with TensorFlow's
  /// defaults (`unique`, accidental hits removed for sampled softmax only, log Q subtracted).
  public init(
    sampler: Sampler, loss: SampledLoss, batch: Int, samples: Int, dimensions: Int,
    unique: Bool = true, removeAccidentalHits: Bool? = nil, subtractLogQ: Bool = true
  ) throws(SamplerError) {
    if unique, samples > sampler.rangeMax {
      throw SamplerError.rangeTooSmall(numSampled: samples, rangeMax: sampler.rangeMax)
    }
    self.sampler = sampler
    self.loss = loss
    self.batch = batch
    self.samples = samples
    self.dimensions = dimensions
    self.unique = unique
    self.removeAccidentalHits = removeAccidentalHits ?? loss.removesAccidentalHitsByDefault
    self.subtractLogQ = subtractLogQ
    x = .allocate(capacity: batch * dimensions)
    dx = .allocate(capacity: batch * dimensions)
    g = .allocate(capacity: batch * samples)
    t = .allocate(capacity: batch)
    c = .allocate(capacity: samples)
    q = .allocate(capacity: samples)
    tq = .allocate(capacity: batch)
    ws = .allocate(capacity: samples * dimensions)
    dws = .allocate(capacity: samples * dimensions)
    offsets = .allocate(capacity: samples)
    var size = 16
    while size < 2 * samples { size <<= 1 }
    slots = .allocate(capacity: size)
    slotIDs = .allocate(capacity: size)
  }

  deinit {
    for pointer in [x, dx, g, t, ws, dws, offsets] { pointer.deallocate() }
    q.deallocate()
    tq.deallocate()
    c.deallocate()
    slots.deallocate()
    slotIDs.deallocate()
  }

  /// Trains on one batch: `ids` index the input table, `labels` the output table (one each).
  /// Returns the batch's mean loss before the update.
  public func step<Random: RandomNumberGenerator>(
    ids: UnsafeBufferPointer<Int32>, labels: UnsafeBufferPointer<Int32>, model: Model,
    learningRate: Float, random: inout Random
  ) -> Double {
    precondition(ids.count == batch && labels.count == batch, "one id and one label per example")
    let (d, columns) = (dimensions, samples)
    let scale = 1 / Float(batch)
    let sampler = self.sampler
    let (unique, removeHits, subtract, loss) = (
      unique, removeAccidentalHits, subtractLogQ, self.loss
    )
    // 1. One draw of candidates, with TF's expected counts.
    _ = sampler.sample(
      into: c, expectedCounts: q, trueClasses: labels,
      trueExpectedCounts: tq, unique: unique, using: &random)
    // 2. Gather.
    for i in 0..<batch {
      (x + i * d).update(from: model.input.row(ids[i]), count: d)
    }
    for k in 0..<columns {
      (ws + k * d).update(from: model.output.row(c[k]), count: d)
      offsets[k] =
        model.bias.storage[Int(c[k])] - (subtract ? Foundation.log(q[k]) : 0)
    }
    // 3. Logits: L = X·Wsᵀ (B×S), true logits by dot products.
    Gemm.multiply(
      x, by: ws, .transposed, into: g,
      rows: batch, columns: columns, inner: d)
    for i in 0..<batch {
      let label = labels[i]
      t[i] =
        Kernels.dot(x + i * d, model.output.row(label), count: d)
        + model.bias.storage[Int(label)] - (subtract ? Foundation.log(tq[i]) : 0)
    }
    // 4. Accidental hits: the last position of each candidate id.
    let mask = slots.count - 1
    if removeHits {
      slotIDs.update(repeating: -1)
      for k in 0..<columns {
        var slot = Self.slot(of: c[k], mask: mask)
        while slotIDs[slot] != -1 && slotIDs[slot] != c[k] { slot = (slot + 1) & mask }
        slotIDs[slot] = c[k]
        slots[slot] = Int32(k)
      }
    }
    // 5. Loss and ∂loss/∂logit per row, the gradient in place of L.
    var total = 0.0
    for i in 0..<batch {
      let row = g + i * columns
      for k in 0..<columns { row[k] += offsets[k] }
      if removeHits {
        var slot = Self.slot(of: labels[i], mask: mask)
        while slotIDs[slot] != -1 {
          if slotIDs[slot] == labels[i] {
            row[Int(slots[slot])] = -Float.greatestFiniteMagnitude
            break
          }
          slot = (slot + 1) & mask
        }
      }
      switch loss {
      case .sampledSoftmax:
        var maximum = t[i]
        for k in 0..<columns { maximum = max(maximum, row[k]) }
        for k in 0..<columns { row[k] -= maximum }
        Kernels.exponentiate(row, count: columns)
        let trueExp = Foundation.exp(t[i] - maximum)
        var sum = trueExp
        for k in 0..<columns { sum += row[k] }
        let inverse = scale / sum
        for k in 0..<columns { row[k] *= inverse }
        total += Double(maximum) + Foundation.log(Double(sum)) - Double(t[i])
        t[i] = trueExp * inverse - scale
      case .nce:
        // Sigmoid cross-entropy: label 1 on the true logit, 0 on the
        // candidates. With u = e^−x: σ(x) = 1/(1 + u), and the loss
        // log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), e^−|x| = min(u, 1/u).
        var positive = 0.0
        for k in 0..<columns {
          positive += Double(max(row[k], 0))
          row[k] = -row[k]
        }
        Kernels.exponentiate(row, count: columns)
        var product = 1.0
        var logarithms = 0.0
        for k in 0..<columns {
          let u = row[k]
          product *= Double(1 + min(u, 1 / u))
          if k & 63 == 63 {
            logarithms += Foundation.log(product)
            product = 1
          }
          row[k] = scale / (1 + u)
        }
        let trueLogit = t[i]
        total +=
          positive + logarithms + Foundation.log(product)
          + Double(max(-trueLogit, 0) + Foundation.log1p(Foundation.exp(-abs(trueLogit))))
        t[i] = (1 / (1 + Foundation.exp(-trueLogit)) - 1) * scale
      }
    }
    // 6. dX = G·Ws + g_true·W[y]; 7. dWs = Gᵀ·X.
    Gemm.multiply(
      g, by: ws, into: dx,
      rows: batch, columns: d, inner: columns)
    for i in 0..<batch {
      Kernels.axpy(t[i], model.output.row(labels[i]), dx + i * d, count: d)
    }
    Gemm.multiply(
      g, .transposed, by: x, into: dws,
      rows: columns, columns: d, inner: batch, leadingA: columns)
    // 8. Apply: output rows and biases of labels and candidates, inputs.
    let rate = -learningRate
    for i in 0..<batch {
      let label = labels[i]
      Kernels.axpy(rate * t[i], x + i * d, model.output.row(label), count: d)
      model.bias.storage[Int(label)] += rate * t[i]
    }
    for k in 0..<columns {
      Kernels.axpy(rate, dws + k * d, model.output.row(c[k]), count: d)
      var columnSum: Float = 0
      for i in 0..<batch { columnSum += g[i * columns + k] }
      model.bias.storage[Int(c[k])] += rate * columnSum
    }
    for i in 0..<batch {
      Kernels.axpy(rate, dx + i * d, model.input.row(ids[i]), count: d)
    }
    return total / Double(batch)
  }

  /// The first slot of `id` in the position map: Fibonacci hashing, high bits of the product.
  @inline(__always)
  private static func slot(of id: Int32, mask: Int) -> Int {
    Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: id)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
  }
}
