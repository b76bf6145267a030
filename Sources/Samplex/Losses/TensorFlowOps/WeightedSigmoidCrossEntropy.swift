import Foundation

/// Sigmoid cross-entropy with a weight on the positive term, as
/// `tf.nn.weighted_cross_entropy_with_logits`: for logit x, label z and positive weight q,
/// `loss = (1 − z)·x + (1 + (q − 1)·z)·(log1p(e^−|x|) + max(−x, 0))`.
///
/// The weight is a scalar or one per class (the last axis), broadcast over the rest.
public enum WeightedSigmoidCrossEntropy {
  /// Losses and the gradients of Σ upstream·loss to the logits, the labels and the weights
  /// (summed over the broadcast axes for per-class weights).
  ///
  /// At x exactly 0, ∂loss/∂x is `1 − z`, as TensorFlow returns it: its gradients of |x| and
  /// max(−x, 0) are 0 there (the analytic value is `(1 − z) − (1 + (q − 1)z)/2`).
  public static func evaluate(
    logits: [Float], labels: [Float], positiveWeights: [Float], upstream: [Float]
  ) -> (LossAndGradients, weightGradient: [Float]) {
    precondition(logits.count == labels.count && labels.count == upstream.count, "shapes differ")
    let classes = positiveWeights.count
    precondition(
      classes >= 1 && logits.count % classes == 0, "weights must be a scalar or one per class")
    var result = LossAndGradients(count: logits.count)
    var weightGradient = [Float](repeating: 0, count: classes)
    for index in logits.indices {
      let (x, z, u) = (logits[index], labels[index], upstream[index])
      let q = positiveWeights[classes == 1 ? 0 : index % classes]
      let logWeight = 1 + (q - 1) * z
      let softplusOfNegative = log1p(exp(-abs(x))) + max(-x, 0)
      result.loss[index] = (1 - z) * x + logWeight * softplusOfNegative
      result.logitGradient[index] =
        u * (x == 0 ? 1 - z : (1 - z) - logWeight * StableMath.sigmoid(-x))
      result.labelGradient[index] = u * (-x + (q - 1) * softplusOfNegative)
      weightGradient[classes == 1 ? 0 : index % classes] += u * z * softplusOfNegative
    }
    return (result, weightGradient)
  }
}
