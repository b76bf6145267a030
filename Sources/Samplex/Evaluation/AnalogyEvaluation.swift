/// Analogy accuracy as gensim's `evaluate_word_analogies` computes it, for 3CosAdd and 3CosMul
/// at once: both rank the vocabulary by the same three cosines, which come from one matrix
/// product per block of questions.
public enum AnalogyEvaluation {
  /// Questions whose cosines are computed by one `cblas_sgemm` (3 query rows each).
  static let questionsPerBlock = 128

  /// Scores `questions` against the `restrict` most frequent words of `vectors` (the first rows).
  /// Words are matched case-insensitively; a question with a word outside the restricted
  /// vocabulary is skipped and counted as out of vocabulary; the answer is the best word that
  /// is not one of the question's three (nor another spelling of one).
  public static func evaluate(
    _ questions: AnalogyQuestions, vectors: WordVectors, restrict: Int
  ) -> [AnalogyMethod: AnalogyScore] {
    let normalized = NormalizedVectors(vectors, limit: restrict)
    let index = CaseFoldedIndex(words: vectors.words, limit: restrict)
    let sections = questions.sections.map {
      AnalogyScore.Section(name: $0.name, isSyntactic: $0.isSyntactic)
    }
    var scores: [AnalogyMethod: AnalogyScore] = [:]
    for method in AnalogyMethod.allCases {
      scores[method] = AnalogyScore(
        method: method, sections: sections, questions: questions.questionCount)
    }
    // (section, a, b, c, expected) of each question inside the vocabulary.
    var known: [(section: Int, a: Int, b: Int, c: Int, expected: Int)] = []
    for (section, part) in questions.sections.enumerated() {
      for question in part.questions {
        guard let a = index.id(of: question.a), let b = index.id(of: question.b),
          let c = index.id(of: question.c), let expected = index.id(of: question.expected)
        else { continue }
        known.append((section, a, b, c, expected))
      }
    }
    let d = normalized.dimensions
    let vocabulary = normalized.count
    for start in stride(from: 0, to: known.count, by: questionsPerBlock) {
      let block = known[start..<min(start + questionsPerBlock, known.count)]
      var queries: [Float] = []
      queries.reserveCapacity(block.count * 3 * d)
      for question in block {
        for id in [question.a, question.b, question.c] {
          queries.append(contentsOf: normalized.row(id))
        }
      }
      let cosines = normalized.scores(of: queries, queryCount: block.count * 3)
      for (offset, question) in block.enumerated() {
        let base = offset * 3 * vocabulary
        var bestAdd = (id: -1, score: -Float.infinity)
        var bestMultiply = (id: -1, score: -Float.infinity)
        for j in 0..<vocabulary {
          let spelling = index.canonical[j]
          if spelling == question.a || spelling == question.b || spelling == question.c { continue }
          let ca = cosines[base + j]
          let cb = cosines[base + vocabulary + j]
          let cc = cosines[base + 2 * vocabulary + j]
          let add = cb + cc - ca
          if add > bestAdd.score { bestAdd = (j, add) }
          let multiply = ((1 + cb) / 2) * ((1 + cc) / 2) / ((1 + ca) / 2 + 1e-6)
          if multiply > bestMultiply.score { bestMultiply = (j, multiply) }
        }
        for (method, best) in [(AnalogyMethod.add, bestAdd), (.multiply, bestMultiply)] {
          scores[method]!.sections[question.section].considered += 1
          if best.id >= 0, index.canonical[best.id] == question.expected {
            scores[method]!.sections[question.section].correct += 1
          }
        }
      }
    }
    return scores
  }
}
