/// The three `tf.compat.v1.losses` cross-entropies: label smoothing, then the per-element loss,
/// then weighting and reduction (`WeightedReduction`). Labels are stop-gradiented.
public enum LegacyLosses {
  /// The result and the gradients of Σ upstream·result to the logits and the weights.
  public struct Result: Sendable {
    public var loss: [Float]
    public var logitGradient: [Float]
    public var weightGradient: [Float]
  }

  /// `sigmoid_cross_entropy`: smoothed labels `z(1 − ls) + ls/2`, elementwise loss.
  public static func sigmoid(
    logits: [Float], labels: [Float], shape: [Int], weights: [Float], weightShape: [Int],
    labelSmoothing: Float, reduction: Reduction, upstream: [Float]
  ) -> Result {
    let smoothed = labels.map { $0 * (1 - labelSmoothing) + 0.5 * labelSmoothing }
    let losses = zip(logits, smoothed).map { SigmoidCrossEntropy.loss(logit: $0, label: $1) }
    let reduced = WeightedReduction(
      reduction: reduction, lossShape: shape, weightShape: weightShape
    )
    .evaluate(losses: losses, weights: weights, upstream: upstream)
    let logitGradient = logits.indices.map {
      reduced.lossGradient[$0]
        * SigmoidCrossEntropy.logitGradient(logit: logits[$0], label: smoothed[$0])
    }
    return Result(
      loss: reduced.result, logitGradient: logitGradient, weightGradient: reduced.weightGradient)
  }

  /// `softmax_cross_entropy`: smoothed one-hot labels `z(1 − ls) + ls/C`, one loss per row.
  public static func softmax(
    logits: [Float], labels: [Float], rows: Int, classes: Int, weights: [Float], weightShape: [Int],
    labelSmoothing: Float, reduction: Reduction, upstream: [Float]
  ) -> Result {
    let smoothed = labels.map { $0 * (1 - labelSmoothing) + labelSmoothing / Float(classes) }
    let layout = AxisLayout(outer: rows, classes: classes, inner: 1)
    let perRow = SoftmaxCrossEntropy.evaluate(
      logits: logits, labels: smoothed, layout: layout, upstream: [Float](repeating: 1, count: rows)
    )
    return reduceRows(
      perRow, classes: classes, weights: weights, weightShape: weightShape, reduction: reduction,
      upstream: upstream)
  }

  /// `sparse_softmax_cross_entropy`: one class index per row, no label smoothing.
  public static func sparseSoftmax(
    logits: [Float], labels: [Int32], classes: Int, weights: [Float], weightShape: [Int],
    reduction: Reduction, upstream: [Float]
  ) -> Result {
    let rows = labels.count
    let perRow = SparseSoftmaxCrossEntropy.evaluate(
      logits: logits, labels: labels, classes: classes, upstream: [Float](repeating: 1, count: rows)
    )
    return reduceRows(
      perRow, classes: classes, weights: weights, weightShape: weightShape, reduction: reduction,
      upstream: upstream)
  }

  /// Weights and reduces one loss per row, and scales each row's logit gradients by its share.
  private static func reduceRows(
    _ perRow: LossAndGradients, classes: Int, weights: [Float], weightShape: [Int],
    reduction: Reduction, upstream: [Float]
  ) -> Result {
    let reduced = WeightedReduction(
      reduction: reduction, lossShape: [perRow.loss.count], weightShape: weightShape
    ).evaluate(losses: perRow.loss, weights: weights, upstream: upstream)
    let logitGradient = perRow.logitGradient.indices.map {
      reduced.lossGradient[$0 / classes] * perRow.logitGradient[$0]
    }
    return Result(
      loss: reduced.result, logitGradient: logitGradient, weightGradient: reduced.weightGradient)
  }
}
