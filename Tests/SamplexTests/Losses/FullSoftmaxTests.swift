import Samplex
import Testing

@Suite struct FullSoftmaxTests {
  /// Tiles of 7 over 50 classes (the last tile partial) must give the sparse softmax of the
  /// explicit logits, to float32 rounding of sums of 8 products (a few ulps of values ≲ 10).
  @Test(arguments: [7, 50, 64])
  func tilesGiveTheSparseSoftmaxOfTheWholeLogits(tileSize: Int) {
    let (batch, dimensions, classes) = (5, 8, 50)
    let inputs = randomValues(batch * dimensions, scale: 1, seed: 1)
    let weights = randomValues(classes * dimensions, scale: 1, seed: 2)
    let biases = randomValues(classes, scale: 0.5, seed: 3)
    let labels: [Int32] = [0, 49, 7, 13, 7]
    let upstream: [Float] = [1, 0.5, 2, 1, 1.5]
    var logits = [Float](repeating: 0, count: batch * classes)
    for row in 0..<batch {
      for c in 0..<classes {
        var sum = biases[c]
        for k in 0..<dimensions {
          sum += inputs[row * dimensions + k] * weights[c * dimensions + k]
        }
        logits[row * classes + c] = sum
      }
    }
    let want = SparseSoftmaxCrossEntropy.evaluate(
      logits: logits, labels: labels, classes: classes, upstream: upstream)
    let got = inputs.withUnsafeBufferPointer { x in
      weights.withUnsafeBufferPointer { w in
        biases.withUnsafeBufferPointer { b in
          FullSoftmax(dimensions: dimensions, tileSize: tileSize).evaluate(
            inputs: x, weights: w, biases: b, labels: labels, upstream: upstream, gradients: true)
        }
      }
    }
    expectClose(got.losses, want.loss, tolerance: 1e-5, "losses")
    // dX = Σ_c G[b,c] W_c, dW_c = Σ_b G[b,c] X_b, db = Σ_b G: from the explicit gradient.
    let g = want.logitGradient
    var inputGradient = [Float](repeating: 0, count: batch * dimensions)
    var weightGradient = [Float](repeating: 0, count: classes * dimensions)
    var biasGradient = [Float](repeating: 0, count: classes)
    for row in 0..<batch {
      for c in 0..<classes {
        biasGradient[c] += g[row * classes + c]
        for k in 0..<dimensions {
          inputGradient[row * dimensions + k] += g[row * classes + c] * weights[c * dimensions + k]
          weightGradient[c * dimensions + k] += g[row * classes + c] * inputs[row * dimensions + k]
        }
      }
    }
    expectClose(got.inputGradient, inputGradient, tolerance: 1e-5, "inputs")
    expectClose(got.weightGradient, weightGradient, tolerance: 1e-5, "weights")
    expectClose(got.biasGradient, biasGradient, tolerance: 1e-5, "biases")
  }
}
