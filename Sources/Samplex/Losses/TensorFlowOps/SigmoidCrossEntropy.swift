import Foundation

/// Sigmoid cross-entropy with logits, element by element, as `tf.nn.sigmoid_cross_entropy_with_logits`:
/// `loss = max(x, 0) − x·z + log1p(e^−|x|)` for logit x and label z (soft labels allowed).
public enum SigmoidCrossEntropy {
  /// The loss of one logit and label.
  @inlinable @inline(__always)
  public static func loss(logit x: Float, label z: Float) -> Float {
    max(x, 0) - x * z + log1p(exp(-abs(x)))
  }

  /// ∂loss/∂x = σ(x) − z.
  @inlinable @inline(__always)
  public static func logitGradient(logit x: Float, label z: Float) -> Float {
    StableMath.sigmoid(x) - z
  }

  /// ∂loss/∂z = −x.
  @inlinable @inline(__always)
  public static func labelGradient(logit x: Float) -> Float { -x }

  /// Losses of same-shaped logits and labels, and the gradients of Σ upstream·loss.
  public static func evaluate(logits: [Float], labels: [Float], upstream: [Float])
    -> LossAndGradients
  {
    precondition(logits.count == labels.count && labels.count == upstream.count, "shapes differ")
    var result = LossAndGradients(count: logits.count)
    for index in logits.indices {
      let (x, z, u) = (logits[index], labels[index], upstream[index])
      result.loss[index] = loss(logit: x, label: z)
      result.logitGradient[index] = u * logitGradient(logit: x, label: z)
      result.labelGradient[index] = u * labelGradient(logit: x)
    }
    return result
  }
}

/// Per-element losses and the gradients of Σ upstream·loss to the logits and labels.
public struct LossAndGradients: Sendable {
  public var loss: [Float]
  public var logitGradient: [Float]
  public var labelGradient: [Float]

  public init(count: Int, gradientCount: Int? = nil) {
    loss = [Float](repeating: 0, count: count)
    logitGradient = [Float](repeating: 0, count: gradientCount ?? count)
    labelGradient = [Float](repeating: 0, count: gradientCount ?? count)
  }
}
