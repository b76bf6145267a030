import Foundation

/// The two losses over sampled logits, as `tf.nn.sampled_softmax_loss` (Jean et al. 2015) and
/// `tf.nn.nce_loss` (Mnih & Teh 2012) compute them from `SampledLogits`.
public enum SampledLoss: String, Sendable, CaseIterable {
  /// Softmax cross-entropy of the row against labels `1/t` on the true columns.
  case sampledSoftmax = "sampled_softmax"
  /// Σ over the row of sigmoid cross-entropy with labels `1/t` and 0.
  case nce

  /// TensorFlow's default for `remove_accidental_hits`: on for sampled softmax, off for NCE.
  public var removesAccidentalHitsByDefault: Bool { self == .sampledSoftmax }

  /// One loss per row, and ∂(Σ upstream·loss)/∂logits.
  public func evaluate(_ sampled: SampledLogits, upstream: [Float]) -> (
    loss: [Float], logitGradient: [Float]
  ) {
    let columns = sampled.columns
    let labels = sampled.labels
    var loss = [Float](repeating: 0, count: sampled.batch)
    var gradient = [Float](repeating: 0, count: sampled.logits.count)
    switch self {
    case .sampledSoftmax:
      let rows = SoftmaxCrossEntropy.evaluate(
        logits: sampled.logits, labels: labels,
        layout: AxisLayout(outer: sampled.batch, classes: columns, inner: 1), upstream: upstream)
      loss = rows.loss
      gradient = rows.logitGradient
    case .nce:
      for row in 0..<sampled.batch {
        for column in 0..<columns {
          let index = row * columns + column
          let (x, z) = (sampled.logits[index], labels[index])
          loss[row] += SigmoidCrossEntropy.loss(logit: x, label: z)
          gradient[index] = upstream[row] * SigmoidCrossEntropy.logitGradient(logit: x, label: z)
        }
      }
    }
    return (loss, gradient)
  }
}
