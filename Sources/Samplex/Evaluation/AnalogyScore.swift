/// How to pick the answer of "a is to b as c is to ?" among the vocabulary's unit vectors.
public enum AnalogyMethod: String, Sendable, CaseIterable {
  /// argmax cos(x, b) + cos(x, c) − cos(x, a) (Mikolov et al. 2013; gensim's `most_similar`).
  case add = "3CosAdd"
  /// argmax c̃(x, b)·c̃(x, c) / (c̃(x, a) + 1e-6) with c̃ = (1 + cos)/2 (Levy & Goldberg 2014;
  /// gensim's `most_similar_cosmul`).
  case multiply = "3CosMul"
}

/// The analogy accuracy of one method, overall and by section, with gensim's definitions.
public struct AnalogyScore: Sendable {
  public struct Section: Sendable {
    public let name: String
    public let isSyntactic: Bool
    public var correct = 0
    /// Questions whose four words are all in the restricted vocabulary.
    public var considered = 0
  }

  public let method: AnalogyMethod
  public var sections: [Section]
  /// Every question of the file, in vocabulary or not.
  public let questions: Int

  public var correct: Int { sections.reduce(0) { $0 + $1.correct } }
  public var considered: Int { sections.reduce(0) { $0 + $1.considered } }
  /// Correct over questions considered: gensim's "Total accuracy".
  public var accuracy: Double { ratio(correct, considered) }
  /// Correct over all questions, out-of-vocabulary ones counted wrong.
  public var accuracyOverAll: Double { ratio(correct, questions) }
  /// The share of questions skipped because a word is out of the restricted vocabulary.
  public var outOfVocabularyShare: Double { 1 - ratio(considered, questions) }
  public var semantic: Double { accuracy(syntactic: false) }
  public var syntactic: Double { accuracy(syntactic: true) }

  private func accuracy(syntactic: Bool) -> Double {
    let part = sections.filter { $0.isSyntactic == syntactic }
    return ratio(part.reduce(0) { $0 + $1.correct }, part.reduce(0) { $0 + $1.considered })
  }

  private func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
}
