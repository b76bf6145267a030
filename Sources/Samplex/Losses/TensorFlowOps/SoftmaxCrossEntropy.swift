import Foundation

/// Softmax cross-entropy with soft labels along any axis, as
/// `tf.nn.softmax_cross_entropy_with_logits` (v2): `loss = −Σ_c z_c · log_softmax(x)_c`.
public enum SoftmaxCrossEntropy {
  /// One loss per row, and the gradients of Σ upstream·loss:
  /// ∂/∂x = softmax(x) − z, even when Σz ≠ 1 (TensorFlow's kernel ignores Σz there), and
  /// ∂/∂z = −log_softmax(x) (labels are not stop-gradiented in v2).
  public static func evaluate(
    logits: [Float], labels: [Float], layout: AxisLayout, upstream: [Float]
  ) -> LossAndGradients {
    precondition(logits.count == labels.count && upstream.count == layout.rows, "shapes differ")
    var result = LossAndGradients(count: layout.rows, gradientCount: logits.count)
    var row = [Float](repeating: 0, count: layout.classes)
    for r in 0..<layout.rows {
      for c in 0..<layout.classes { row[c] = logits[layout.index(row: r, class: c)] }
      let logNormalizer = row.withUnsafeBufferPointer { StableMath.logSumExp($0) }
      var loss: Float = 0
      for c in 0..<layout.classes {
        let index = layout.index(row: r, class: c)
        let logProbability = row[c] - logNormalizer
        loss -= labels[index] * logProbability
        result.logitGradient[index] = upstream[r] * (exp(logProbability) - labels[index])
        result.labelGradient[index] = -upstream[r] * logProbability
      }
      result.loss[r] = loss
    }
    return result
  }
}
