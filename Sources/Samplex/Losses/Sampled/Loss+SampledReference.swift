import Foundation

/// The sampled losses as TensorFlow computes them from `SampledLogits`, written plainly: the
/// reference that `samplex conformance` checks against TensorFlow's numbers and that the tests
/// check the fast kernels against.
extension Loss {
  /// The loss that `tensorFlowName` names in TensorFlow's reference data ("sampled_softmax",
  /// "nce"); nil for any other name.
  public init?(tensorFlowName: String) {
    switch tensorFlowName {
    case "sampled_softmax": self = .sampledSoftmax
    case "nce": self = .nce
    default: return nil
    }
  }

  /// One loss per row, and ∂(Σ upstream·loss)/∂logits: `tf.nn.sampled_softmax_loss`'s softmax
  /// cross-entropy of the row against labels `1/t` on the true columns, or `tf.nn.nce_loss`'s
  /// sum over the row of sigmoid cross-entropy with labels `1/t` and 0 (negative sampling's too,
  /// over logits without biases or log Q).
  public func referenceEvaluate(_ sampled: SampledLogits, upstream: [Float]) -> (
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
    case .nce, .negativeSampling:
      for row in 0..<sampled.batch {
        for column in 0..<columns {
          let index = row * columns + column
          let (x, z) = (sampled.logits[index], labels[index])
          loss[row] += SigmoidCrossEntropy.loss(logit: x, label: z)
          gradient[index] = upstream[row] * SigmoidCrossEntropy.logitGradient(logit: x, label: z)
        }
      }
    case .fullSoftmax, .hierarchicalSoftmax:
      preconditionFailure("\(self) draws no candidates")
    }
    return (loss, gradient)
  }
}
