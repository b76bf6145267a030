/// Held-out (context, centre) pairs and their exact cross-entropy under a model: one yardstick
/// for every loss and sampler. Under the softmax layer it is computed with BLAS in vocabulary
/// tiles; under the hierarchical softmax's tree it is each centre's path probability, exact at
/// O(d log V) a pair, on the same scale.
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

  /// The mean over the pairs of −log P(centre | context) in nats: under the softmax,
  /// `logsumexp_j (u_c · w_j + b_j) − (u_c · w_o + b_o)`.
  public func crossEntropy(model: Model, layer: OutputLayer = .softmax, batchSize: Int = 512)
    -> Double?
  {
    guard count > 0 else { return nil }
    return losses(model: model, layer: layer, batchSize: batchSize).reduce(0, +) / Double(count)
  }

  /// The mean cross-entropy of the pairs whose centre falls in each band (nil for a band with
  /// no pair), from `losses`.
  public func crossEntropy(byBand losses: [Double], bands: FrequencyBands) -> [FrequencyBands
    .Band: Double]
  {
    var sums: [FrequencyBands.Band: (Double, Int)] = [:]
    for (index, loss) in losses.enumerated() {
      let band = bands.band(of: centres[index])
      let (sum, pairs) = sums[band] ?? (0, 0)
      sums[band] = (sum + loss, pairs + 1)
    }
    return sums.mapValues { $0.0 / Double($0.1) }
  }

  /// Each pair's exact cross-entropy under `layer`, in nats.
  public func losses(model: Model, layer: OutputLayer = .softmax, batchSize: Int = 512)
    -> [Double]
  {
    switch layer {
    case .softmax: return softmaxLosses(model: model, batchSize: batchSize)
    case .tree(let tree):
      return withExtendedLifetime(model) {
        (0..<count).map { pair in
          tree.negativeLogProbability(
            of: centres[pair], input: model.input.row(contexts[pair]), output: model.output)
        }
      }
    }
  }

  /// Each pair's exact softmax cross-entropy. The pairs come from whole windows, so each
  /// context word is the input of up to 2·window of them: its log-normalizer, the costly part
  /// (a product with all of W), is computed once per distinct context word, in batches through
  /// `FullSoftmax`, and each pair then subtracts its own logit.
  private func softmaxLosses(model: Model, batchSize: Int) -> [Double] {
    let d = model.dimensions
    var slots: [Int32: Int] = [:]
    var distinct: [Int32] = []
    for context in contexts where slots[context] == nil {
      slots[context] = distinct.count
      distinct.append(context)
    }
    let softmax = FullSoftmax(dimensions: d)
    var logNormalizers: [Float] = []
    logNormalizers.reserveCapacity(distinct.count)
    var inputs = [Float](repeating: 0, count: batchSize * d)
    for start in stride(from: 0, to: distinct.count, by: batchSize) {
      let size = min(batchSize, distinct.count - start)
      for example in 0..<size {
        let row = model.input.row(distinct[start + example])
        for k in 0..<d { inputs[example * d + k] = row[k] }
      }
      logNormalizers += inputs.withUnsafeBufferPointer { x in
        model.output.withValues { weights in
          model.bias.withValues { biases in
            softmax.logNormalizers(
              inputs: UnsafeBufferPointer(rebasing: x[0..<(size * d)]),
              weights: UnsafeBufferPointer(weights), biases: UnsafeBufferPointer(biases))
          }
        }
      }
    }
    return withExtendedLifetime(model) {
      (0..<count).map { pair in
        let (context, centre) = (contexts[pair], centres[pair])
        let logit =
          Kernels.dot(model.input.row(context), model.output.row(centre), count: d)
          + model.bias.storage[Int(centre)]
        return Double(logNormalizers[slots[context]!]) - Double(logit)
      }
    }
  }
}
