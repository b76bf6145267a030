/// Held-out (context, centre) pairs and their exact full-softmax cross-entropy under a model:
/// one yardstick for every loss and sampler, computed with BLAS in vocabulary tiles.
public struct HeldOutSet: Sendable {
  public let contexts: [Int32]
  public let centres: [Int32]

  /// A set of pairs as they were kept (a checkpoint's).
  public init(contexts: [Int32], centres: [Int32]) {
    precondition(contexts.count == centres.count, "one context per centre")
    self.contexts = contexts
    self.centres = centres
  }

  /// The skip-gram pairs of `sentences` with the full window (no random reduction, so the set is
  /// fixed), the first `limit` of them.
  public init(sentences: [[Int32]], window: Int, limit: Int) {
    var contexts: [Int32] = []
    var centres: [Int32] = []
    outer: for sentence in sentences {
      for (position, centre) in sentence.enumerated() {
        let first = max(0, position - window)
        let last = min(sentence.count - 1, position + window)
        for index in first...last where index != position {
          contexts.append(sentence[index])
          centres.append(centre)
          if centres.count == limit { break outer }
        }
      }
    }
    self.contexts = contexts
    self.centres = centres
  }

  public var count: Int { centres.count }

  /// The mean over the pairs of `logsumexp_j (u_c · w_j + b_j) − (u_c · w_o + b_o)`, in nats.
  public func crossEntropy(model: Model, batchSize: Int = 512) -> Double? {
    guard count > 0 else { return nil }
    let d = model.dimensions
    let softmax = FullSoftmax(dimensions: d)
    var total = 0.0
    var inputs = [Float](repeating: 0, count: batchSize * d)
    for start in stride(from: 0, to: count, by: batchSize) {
      let size = min(batchSize, count - start)
      for example in 0..<size {
        let row = model.input.row(contexts[start + example])
        for k in 0..<d { inputs[example * d + k] = row[k] }
      }
      let result = inputs.withUnsafeBufferPointer { x in
        model.output.withValues { weights in
          model.bias.withValues { biases in
            softmax.evaluate(
              inputs: UnsafeBufferPointer(rebasing: x[0..<(size * d)]),
              weights: UnsafeBufferPointer(weights),
              biases: UnsafeBufferPointer(biases), labels: Array(centres[start..<(start + size)]))
          }
        }
      }
      total += result.losses.reduce(0.0) { $0 + Double($1) }
    }
    return total / Double(count)
  }
}
