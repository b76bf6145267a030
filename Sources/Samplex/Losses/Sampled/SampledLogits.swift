import Foundation

/// TensorFlow's `_compute_sampled_logits`: the logits a sampled softmax or NCE loss sees, and
/// their backward pass to the inputs, the output rows and the biases.
///
/// For inputs X (B, d), output weights W (V, d), biases b (V), true labels L (B, t) and sampled
/// candidates s (S): `true[b, j] = X_b · W_{L[b,j]} + b_{L[b,j]}` and
/// `sampled[b, k] = X_b · W_{s_k} + b_{s_k}`. With `removeAccidentalHits`, a sampled candidate
/// equal to one of row b's labels gets −FLT_MAX added (only the last copy of a repeated
/// candidate, and once however often the label repeats: TensorFlow's SparseToDense assignment).
/// With `subtractLogQ`, every logit loses the log of its expected count. The result is
/// `[true | sampled]`, (B, t + S), with labels `1/t` on the true columns and 0 elsewhere.
public struct SampledLogits: Sendable {
  public let batch: Int
  public let dimensions: Int
  public let numTrue: Int
  public let numSampled: Int
  /// (B, t + S) row-major.
  public private(set) var logits: [Float]
  /// Whether each logit was masked as an accidental hit.
  public private(set) var masked: [Bool]

  /// The columns a row has: its true labels, then the sampled candidates.
  public var columns: Int { numTrue + numSampled }

  /// Computes the logits.
  /// - Parameters:
  ///   - inputs: X, (B, d).
  ///   - weights: W, (V, d); `biases`: b, (V).
  ///   - labels: L, (B, t); `sampled`: s, (S).
  ///   - trueExpectedCounts: (B, t); `sampledExpectedCounts`: (S); used with `subtractLogQ`.
  public init(
    inputs: [Float], weights: [Float], biases: [Float], dimensions: Int,
    labels: [Int32], numTrue: Int, sampled: [Int32],
    trueExpectedCounts: [Float], sampledExpectedCounts: [Float],
    removeAccidentalHits: Bool, subtractLogQ: Bool
  ) {
    let batch = inputs.count / dimensions
    precondition(labels.count == batch * numTrue, "labels must be (batch, numTrue)")
    self.batch = batch
    self.dimensions = dimensions
    self.numTrue = numTrue
    numSampled = sampled.count
    let columns = numTrue + sampled.count
    var logits = [Float](repeating: 0, count: batch * columns)
    var masked = [Bool](repeating: false, count: batch * columns)
    func dot(_ row: Int, _ id: Int32) -> Float {
      var sum: Float = 0
      for k in 0..<dimensions {
        sum += inputs[row * dimensions + k] * weights[Int(id) * dimensions + k]
      }
      return sum + biases[Int(id)]
    }
    // The last position of each sampled id: only it is masked.
    var lastPosition: [Int32: Int] = [:]
    for (position, id) in sampled.enumerated() { lastPosition[id] = position }
    // TensorFlow's order: logits, then the mask, then log Q (a masked logit stays −FLT_MAX).
    for row in 0..<batch {
      for j in 0..<numTrue { logits[row * columns + j] = dot(row, labels[row * numTrue + j]) }
      for (k, id) in sampled.enumerated() { logits[row * columns + numTrue + k] = dot(row, id) }
      if removeAccidentalHits {
        for j in 0..<numTrue {
          guard let position = lastPosition[labels[row * numTrue + j]] else { continue }
          let index = row * columns + numTrue + position
          if !masked[index] {
            logits[index] += -Float.greatestFiniteMagnitude
            masked[index] = true
          }
        }
      }
      if subtractLogQ {
        for j in 0..<numTrue {
          logits[row * columns + j] -= log(trueExpectedCounts[row * numTrue + j])
        }
        for k in 0..<sampled.count {
          logits[row * columns + numTrue + k] -= log(sampledExpectedCounts[k])
        }
      }
    }
    self.logits = logits
    self.masked = masked
  }

  /// The labels of the logits: `1/t` on the true columns, 0 on the sampled ones.
  public var labels: [Float] {
    (0..<(batch * columns)).map { $0 % columns < numTrue ? 1 / Float(numTrue) : 0 }
  }

  /// Backpropagates ∂loss/∂logits (B, t + S) to the inputs (B, d), the weights (V, d) and the
  /// biases (V), dense, with repeated rows summed.
  public func backward(
    logitGradient: [Float], inputs: [Float], weights: [Float], labels: [Int32], sampled: [Int32],
    vocabularySize: Int
  ) -> (inputs: [Float], weights: [Float], biases: [Float]) {
    var inputGradient = [Float](repeating: 0, count: inputs.count)
    var weightGradient = [Float](repeating: 0, count: vocabularySize * dimensions)
    var biasGradient = [Float](repeating: 0, count: vocabularySize)
    for row in 0..<batch {
      for column in 0..<columns {
        let g = logitGradient[row * columns + column]
        let id = Int(column < numTrue ? labels[row * numTrue + column] : sampled[column - numTrue])
        biasGradient[id] += g
        for k in 0..<dimensions {
          inputGradient[row * dimensions + k] += g * weights[id * dimensions + k]
          weightGradient[id * dimensions + k] += g * inputs[row * dimensions + k]
        }
      }
    }
    return (inputGradient, weightGradient, biasGradient)
  }
}
