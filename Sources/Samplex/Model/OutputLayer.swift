/// How a model's output table turns an input vector into a distribution over the vocabulary:
/// what the held-out cross-entropy scores, whatever loss trained the model.
public enum OutputLayer: Sendable {
  /// The softmax over every word's logit u·w_j + b_j: the output table holds one row per word.
  /// Every loss but the hierarchical softmax trains this layer (the sampled ones approximately).
  case softmax
  /// The hierarchical softmax: the output table's rows are the tree's inner nodes.
  case tree(HuffmanTree)
}
