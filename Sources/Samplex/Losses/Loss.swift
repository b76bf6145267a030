import Foundation

/// The losses Samplex trains, spelled as the command line and config files spell them
/// (`--loss`, `loss.type`), and where each one lives:
///
/// - negative sampling, NCE, sampled softmax (`Losses/Sampled/`): the per-row loss and
///   gradient the fast kernels inline is `evaluate(logits:masked:count:gradients:table:)`
///   (`Loss+Sampled.swift`), trained per window by `SampledWindowLoss` and per minibatch by
///   `BatchSampledLoss` through `MinibatchSampledStep`; the reference form, TensorFlow's
///   `sampled_softmax_loss` and `nce_loss` written plainly over `SampledLogits`, is
///   `referenceEvaluate` (`Loss+SampledReference.swift`). Negative sampling is NCE's logistic
///   loss without biases or log Q.
/// - full softmax (`Losses/FullSoftmax/`): `FullSoftmaxTrainingLoss` trains through
///   `FullSoftmaxStep`; `FullSoftmax` is the reference, and the held-out yardstick's math.
/// - hierarchical softmax (`Losses/HierarchicalSoftmax/`): `HierarchicalSoftmaxLoss` over the
///   vocabulary's `HuffmanTree`; the held-out yardstick scores the tree's path probability
///   (`OutputLayer.tree`).
///
/// The sampled losses' methods are valid only where `drawsCandidates` holds.
public enum Loss: String, Sendable, CaseIterable {
  /// word2vec: `−log σ(z_o) − Σ log σ(−z_s)`, no bias, no log Q; a candidate equal to the centre
  /// is skipped, as word2vec does.
  case negativeSampling = "negative-sampling"
  /// Jean et al. 2015: softmax cross-entropy over `[z_o | z_s] + b − log E`, with accidental
  /// hits masked (TensorFlow's default).
  case sampledSoftmax = "sampled-softmax"
  /// Mnih & Teh 2012: the logistic loss of negative sampling on `z + b − log E`.
  case nce
  /// The exact softmax cross-entropy over every word.
  case fullSoftmax = "full-softmax"
  /// Logistic decisions along the centre word's path in the Huffman tree (word2vec's `-hs 1`).
  case hierarchicalSoftmax = "hierarchical-softmax"

  /// Whether the loss draws candidates: the sampler, its power, the candidate count and how
  /// candidates are shared (with the minibatch size) mean nothing to the others.
  public var drawsCandidates: Bool {
    switch self {
    case .negativeSampling, .sampledSoftmax, .nce: true
    case .fullSoftmax, .hierarchicalSoftmax: false
    }
  }

  /// Where the output biases start over `vocabularySize` words. NCE takes a word's score as
  /// its log-probability without normalizing (Mnih & Teh 2012), so its biases start at
  /// −log V: the untrained model is the uniform distribution and already normalized, and each
  /// noise candidate's weight σ(s − log(S·Q)) starts near 1/S instead of near 1. From zero, S
  /// noise candidates each pushed the input vector with a weight near 1, and three of the four
  /// NCE cells of the samplers bench at S = 1,024 diverged at lr 0.025 (BENCHMARKS.md). The
  /// softmaxes are unchanged by a shift shared by every word, and negative sampling has no
  /// biases: zero for them.
  public func initialOutputBias(vocabularySize: Int) -> Float {
    self == .nce ? -Float(log(Double(max(vocabularySize, 1)))) : 0
  }
}
