/// How `tf.compat.v1.losses` turns weighted per-element losses into its result.
public enum Reduction: String, Sendable, CaseIterable {
  /// `w ⊙ l`, unreduced.
  case none = "NONE"
  /// `S = Σ w ⊙ l`.
  case sum = "SUM"
  /// `S / Σ w` (w broadcast to l's shape): a weighted mean.
  case mean = "MEAN"
  /// `S / size(l)`.
  case sumOverBatchSize = "SUM_OVER_BATCH_SIZE"
  /// `S / count(w ≠ 0)` (w broadcast; a nonzero scalar weight counts every element): the
  /// default. `SUM_OVER_NONZERO_WEIGHTS` is another name for it.
  case sumByNonzeroWeights = "SUM_BY_NONZERO_WEIGHTS"

  /// Parses TensorFlow's names, including the alias.
  public init?(tensorFlowName: String) {
    if tensorFlowName == "SUM_OVER_NONZERO_WEIGHTS" {
      self = .sumByNonzeroWeights
    } else {
      self.init(rawValue: tensorFlowName)
    }
  }
}
