import Foundation

/// The sampled losses' per-row math, inlined into the window kernels (`SampledWindowLoss`),
/// the minibatch step's bias and masking choices (`MinibatchSampledStep`) and the bench's
/// gradient diagnostics; valid where `drawsCandidates` holds.
extension Loss {
  /// Whether logits get the bias and the log expected count.
  public var correctsLogits: Bool { self != .negativeSampling }

  /// The factor of the learning rate of the input rows when each example (a window's context,
  /// a CBOW window, a batch's example) is scored against `samples` candidates. A logistic
  /// loss (NCE, negative sampling) sums an input row's gradient over every candidate, each
  /// term up to the whole output row, so the row's step grows with S: at S = 1,024 and
  /// word2vec's rate 0.025 negative sampling's windows diverged on corpusA (BENCHMARKS.md).
  /// Its input rows therefore learn at most 64 logits' worth a step. The sampled softmax's
  /// weights over a row's candidates sum to below 1, so its rows keep the full rate. The
  /// factor is a constant of the run, the same in every step, so SGD settles where the loss is
  /// least; only the steps are bounded. Below 64 candidates (word2vec's regime) it is 1.
  public func inputRateFactor(samples: Int) -> Float {
    self == .sampledSoftmax ? 1 : min(1, 64 / Float(samples + 1))
  }

  /// Whether accidental hits are masked unless asked otherwise: TensorFlow's default for
  /// `remove_accidental_hits` (on for sampled softmax, off for NCE); word2vec skips them.
  public var removesAccidentalHitsByDefault: Bool { self != .nce }

  /// Masks the candidates `outputs[1...samples]` that equal the true class `outputs[0]`:
  /// word2vec skips every negative equal to the centre; TensorFlow masks only the last copy of
  /// the true class among the candidates.
  @inlinable @inline(__always)
  func maskAccidentalHits(
    outputs: UnsafeMutableBufferPointer<Int32>, masked: UnsafeMutableBufferPointer<Bool>,
    samples: Int
  ) {
    let centre = outputs[0]
    if self == .negativeSampling {
      for k in 1...samples { masked[k] = outputs[k] == centre }
    } else {
      for k in stride(from: samples, through: 1, by: -1) where outputs[k] == centre {
        masked[k] = true
        break
      }
    }
  }

  /// Writes ∂loss/∂z for the `count` logits of one row (index 0 the true class) and returns
  /// the row's loss. Masked logits get a zero gradient and add nothing.
  @inlinable @inline(__always)
  func evaluate(
    logits: UnsafeMutableBufferPointer<Float>, masked: UnsafeMutableBufferPointer<Bool>, count: Int,
    gradients: UnsafeMutableBufferPointer<Float>, table: LogisticTable
  ) -> Float {
    switch self {
    case .negativeSampling, .nce:
      // −log σ(z_o) − Σ log σ(−z_s) = softplus(−z_o) + Σ softplus(z_s).
      var loss = table.softplus(-logits[0])
      gradients[0] = table.sigmoid(logits[0]) - 1
      for k in 1..<count {
        let z = logits[k]
        loss += masked[k] ? 0 : table.softplus(z)
        gradients[k] = masked[k] ? 0 : table.sigmoid(z)
      }
      return loss
    case .sampledSoftmax:
      var largest = logits[0]
      for k in 1..<count where !masked[k] { largest = max(largest, logits[k]) }
      var sum: Float = 0
      for k in 0..<count {
        let e: Float = masked[k] ? 0 : Float(FastExponential.exp(Double(logits[k] - largest)))
        gradients[k] = e
        sum += e
      }
      let inverse = 1 / sum
      for k in 0..<count { gradients[k] *= inverse }
      gradients[0] -= 1
      return largest + log(sum) - logits[0]
    case .fullSoftmax, .hierarchicalSoftmax:
      preconditionFailure("\(self) draws no candidates")
    }
  }
}
