/// Weights and reduces per-element losses as `tf.compat.v1.losses` does, with gradients.
///
/// Weights broadcast to the losses' shape by NumPy's rules (a scalar, one per row, or one per
/// element); every division is `div_no_nan`, so a zero denominator gives 0, not NaN.
public struct WeightedReduction: Sendable {
  public let reduction: Reduction
  /// The losses' shape and the weights' shape.
  public let lossShape: [Int]
  public let weightShape: [Int]

  public init(reduction: Reduction, lossShape: [Int], weightShape: [Int]) {
    self.reduction = reduction
    self.lossShape = lossShape
    self.weightShape = weightShape
  }

  /// The weight index each loss element takes.
  private func weightIndex(of element: Int) -> Int {
    var remaining = element
    var index = 0
    var weightStride = 1
    let rank = lossShape.count
    let padded = [Int](repeating: 1, count: max(0, rank - weightShape.count)) + weightShape
    for axis in stride(from: rank - 1, through: 0, by: -1) {
      let coordinate = remaining % lossShape[axis]
      remaining /= lossShape[axis]
      if padded[axis] != 1 { index += coordinate * weightStride }
      weightStride *= padded[axis]
    }
    return index
  }

  /// The reduced loss (one value, or `w ⊙ l` for `.none`), and the gradients of
  /// Σ upstream·result to the losses and to the weights.
  public func evaluate(losses: [Float], weights: [Float], upstream: [Float])
    -> (result: [Float], lossGradient: [Float], weightGradient: [Float])
  {
    let count = losses.count
    let map = (0..<count).map(weightIndex(of:))
    var weightGradient = [Float](repeating: 0, count: weights.count)
    var lossGradient = [Float](repeating: 0, count: count)
    if reduction == .none {
      precondition(upstream.count == count, "NONE needs one upstream value per element")
      var result = [Float](repeating: 0, count: count)
      for element in 0..<count {
        let w = weights[map[element]]
        result[element] = w * losses[element]
        lossGradient[element] = upstream[element] * w
        weightGradient[map[element]] += upstream[element] * losses[element]
      }
      return (result, lossGradient, weightGradient)
    }
    let u = upstream.first ?? 1
    var total: Float = 0
    for element in 0..<count { total += weights[map[element]] * losses[element] }
    let denominator: Float
    switch reduction {
    case .none, .sum: denominator = 1
    case .mean: denominator = (0..<count).reduce(Float(0)) { $0 + weights[map[$1]] }
    case .sumOverBatchSize: denominator = Float(count)
    case .sumByNonzeroWeights:
      denominator = Float((0..<count).filter { weights[map[$0]] != 0 }.count)
    }
    guard denominator != 0 else { return ([0], lossGradient, weightGradient) }
    let result = total / denominator
    for element in 0..<count {
      let w = weights[map[element]]
      lossGradient[element] = u * w / denominator
      weightGradient[map[element]] += u * losses[element] / denominator
      // In MEAN the weights are in the denominator too: ∂(S/D)/∂w = l/D − S/D².
      if reduction == .mean {
        weightGradient[map[element]] -= u * total / (denominator * denominator)
      }
    }
    return ([result], lossGradient, weightGradient)
  }
}
