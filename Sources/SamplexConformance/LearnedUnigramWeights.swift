import Samplex

/// TensorFlow's `learned_unigram_candidate_sampler` state: integer weights that start at 1 for
/// every class and grow by 1 for every true class the op is given, after each call. Kept for
/// checking TensorFlow's numbers; Samplex's own samplers are stateless.
struct LearnedUnigramWeights {
  private(set) var weights: [Int]

  init(rangeMax: Int) { weights = [Int](repeating: 1, count: rangeMax) }

  /// TensorFlow's float32 probability: `float(w_k) / float(Σ w)`.
  func tensorFlowProbability(of id: Int32) -> Float {
    Float(weights[Int(id)]) / Float(weights.reduce(0, +))
  }

  /// What a call does after drawing: one more for each true class, repeats included.
  mutating func observe(_ trueClasses: [Int32]) {
    for id in trueClasses { weights[Int(id)] += 1 }
  }

  /// A sampler that draws from the current weights.
  func sampler() throws -> UnigramSampler {
    try UnigramSampler(counts: weights.map(Double.init), power: 1)
  }
}
