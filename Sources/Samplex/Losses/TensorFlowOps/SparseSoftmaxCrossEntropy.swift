import Foundation

/// Softmax cross-entropy with one class index per row, as
/// `tf.nn.sparse_softmax_cross_entropy_with_logits`: `loss = logsumexp(x) − x[y]`.
public enum SparseSoftmaxCrossEntropy {
  /// One loss per row of `classes` logits, and ∂(Σ upstream·loss)/∂x = softmax − onehot(y).
  /// - Precondition: every label is in `0..<classes` (TensorFlow raises InvalidArgumentError).
  public static func evaluate(
    logits: [Float], labels: [Int32], classes: Int, upstream: [Float]
  ) -> LossAndGradients {
    precondition(
      logits.count == labels.count * classes && upstream.count == labels.count, "shapes differ")
    var result = LossAndGradients(count: labels.count, gradientCount: logits.count)
    logits.withUnsafeBufferPointer { logits in
      for r in labels.indices {
        let label = Int(labels[r])
        precondition((0..<classes).contains(label), "label \(label) is outside 0..<\(classes)")
        let row = UnsafeBufferPointer(rebasing: logits[(r * classes)..<((r + 1) * classes)])
        let logNormalizer = StableMath.logSumExp(row)
        result.loss[r] = logNormalizer - row[label]
        for c in 0..<classes {
          let probability = exp(row[c] - logNormalizer)
          result.logitGradient[r * classes + c] = upstream[r] * (probability - (c == label ? 1 : 0))
        }
      }
    }
    return result
  }
}
