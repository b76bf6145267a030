import Foundation

/// The exact softmax cross-entropy over the whole vocabulary, `logsumexp_j z_j − z_y` with
/// `z = X·Wᵀ + b`: the yardstick the sampled losses are compared with.
///
/// Classes are processed in tiles of `tileSize`: each tile's logits come from one `cblas_sgemm`
/// and fold into a running (max, sum) per row, the online log-sum-exp, so that the B×V logits are
/// never all held; the gradients recompute each tile in a second pass.
public struct FullSoftmax: Sendable {
  public let dimensions: Int
  public let tileSize: Int

  public init(dimensions: Int, tileSize: Int = 4096) {
    precondition(dimensions >= 1 && tileSize >= 1, "dimensions and tile size must be positive")
    self.dimensions = dimensions
    self.tileSize = tileSize
  }

  /// The losses, and with `gradients` the gradients of Σ upstream·loss.
  public struct Result: Sendable {
    public var losses: [Float]
    public var inputGradient: [Float]
    public var weightGradient: [Float]
    public var biasGradient: [Float]
  }

  /// Losses of inputs X (B, d) with labels y (B) against W (V, d) and b (V).
  public func evaluate(
    inputs: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Float>,
    biases: UnsafeBufferPointer<Float>,
    labels: [Int32], upstream: [Float]? = nil, gradients: Bool = false
  ) -> Result {
    let batch = labels.count
    let classes = biases.count
    let (logNormalizers, trueLogits) = normalize(
      inputs: inputs, weights: weights, biases: biases, labels: labels)
    var result = Result(
      losses: (0..<batch).map { logNormalizers[$0] - trueLogits[$0] }, inputGradient: [],
      weightGradient: [], biasGradient: [])
    guard gradients else { return result }
    let upstream = upstream ?? [Float](repeating: 1, count: batch)
    result.inputGradient = [Float](repeating: 0, count: batch * dimensions)
    result.weightGradient = [Float](repeating: 0, count: classes * dimensions)
    result.biasGradient = [Float](repeating: 0, count: classes)
    var tile = [Float](repeating: 0, count: batch * tileSize)
    for start in stride(from: 0, to: classes, by: tileSize) {
      let width = min(tileSize, classes - start)
      logits(inputs, weights, biases, start: start, width: width, into: &tile)
      // G = upstream · (softmax − onehot), in place of the tile's logits.
      tile.withUnsafeMutableBufferPointer { tile in
        result.biasGradient.withUnsafeMutableBufferPointer { biasGradient in
          for row in 0..<batch {
            let u = upstream[row]
            let normalizer = logNormalizers[row]
            let base = row * width
            _ = Kernels.exponentiate(tile.baseAddress! + base, count: width, shift: normalizer)
            Kernels.scale(tile.baseAddress! + base, by: u, count: width)
            Kernels.axpy(
              1, tile.baseAddress! + base, biasGradient.baseAddress! + start, count: width)
            let label = Int(labels[row]) - start
            if label >= 0 && label < width {
              tile[base + label] -= u
              biasGradient[start + label] -= u
            }
          }
        }
      }
      // dX += G · W_tile (B×T · T×d); dW_tile = Gᵀ · X (T×B · B×d).
      result.inputGradient.withUnsafeMutableBufferPointer { dX in
        tile.withUnsafeBufferPointer { g in
          Gemm.multiply(
            g.baseAddress!, by: weights.baseAddress! + start * dimensions, into: dX.baseAddress!,
            rows: batch, columns: dimensions, inner: width, beta: 1)
        }
      }
      result.weightGradient.withUnsafeMutableBufferPointer { dW in
        tile.withUnsafeBufferPointer { g in
          Gemm.multiply(
            g.baseAddress!, .transposed, by: inputs.baseAddress!,
            into: dW.baseAddress! + start * dimensions,
            rows: width, columns: dimensions, inner: batch, leadingA: width)
        }
      }
    }
    return result
  }

  /// `logsumexp_j z_j` of each input row X (B, d) against W (V, d) and b (V): the first pass
  /// of `evaluate`, for callers that need the normalizer but no label's loss.
  public func logNormalizers(
    inputs: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Float>,
    biases: UnsafeBufferPointer<Float>
  ) -> [Float] {
    normalize(inputs: inputs, weights: weights, biases: biases, labels: nil).logNormalizers
  }

  /// The first pass: each row's log-normalizer by the online log-sum-exp over the tiles, and
  /// with `labels` each row's logit of its label.
  private func normalize(
    inputs: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Float>,
    biases: UnsafeBufferPointer<Float>, labels: [Int32]?
  ) -> (logNormalizers: [Float], trueLogits: [Float]) {
    let batch = inputs.count / dimensions
    let classes = biases.count
    precondition(
      inputs.count == batch * dimensions && weights.count == classes * dimensions
        && (labels == nil || labels!.count == batch), "shapes differ")
    var maxima = [Float](repeating: -.infinity, count: batch)
    var sums = [Float](repeating: 0, count: batch)
    var trueLogits = [Float](repeating: 0, count: labels == nil ? 0 : batch)
    var tile = [Float](repeating: 0, count: batch * tileSize)
    for start in stride(from: 0, to: classes, by: tileSize) {
      let width = min(tileSize, classes - start)
      logits(inputs, weights, biases, start: start, width: width, into: &tile)
      tile.withUnsafeBufferPointer { tile in
        for row in 0..<batch {
          let values = UnsafeMutablePointer(mutating: tile.baseAddress! + row * width)
          if let labels {
            let label = Int(labels[row])
            if label >= start && label < start + width { trueLogits[row] = values[label - start] }
          }
          let newMax = max(maxima[row], Kernels.maximum(values, count: width))
          // The tile is recomputed for the gradients, so its logits may be overwritten here.
          let tileSum = Kernels.exponentiate(values, count: width, shift: newMax)
          sums[row] = sums[row] * exp(maxima[row] - newMax) + tileSum
          maxima[row] = newMax
        }
      }
    }
    return ((0..<batch).map { maxima[$0] + log(sums[$0]) }, trueLogits)
  }

  /// The (B, width) logits of classes `start..<start+width`: X · W_tileᵀ + b_tile.
  private func logits(
    _ inputs: UnsafeBufferPointer<Float>, _ weights: UnsafeBufferPointer<Float>,
    _ biases: UnsafeBufferPointer<Float>, start: Int, width: Int, into tile: inout [Float]
  ) {
    let batch = inputs.count / dimensions
    tile.withUnsafeMutableBufferPointer { out in
      Gemm.multiply(
        inputs.baseAddress!, by: weights.baseAddress! + start * dimensions, .transposed,
        into: out.baseAddress!, rows: batch, columns: width, inner: dimensions)
      for row in 0..<batch {
        let base = row * width
        for column in 0..<width { out[base + column] += biases[start + column] }
      }
    }
  }
}
