import Foundation
import Samplex
import TestSupport
import Testing

/// Figures gensim 4.4 computed on Data/vectors/corpusA-10k-d32.bin with
/// Benchmarks/peers/gensim_eval_reference.py (the provenance is in each file).
private struct GensimFigures: Decodable {
  struct Correlation: Decodable { let spearman: Double, pearson: Double, oov: Double }
  let provenance: String
  let restrictVocabulary: Int
  let questions: Int
  let addCorrect: Int
  let addConsidered: Int
  let multiplyCorrect: Int
  let multiplyConsidered: Int
  let wordsim353: Correlation
  let simlex999: Correlation
  let menTR3k: Correlation

  enum CodingKeys: String, CodingKey {
    case provenance, questions, wordsim353, simlex999
    case restrictVocabulary = "restrict_vocab"
    case addCorrect = "analogy_add_correct"
    case addConsidered = "analogy_add_considered"
    case multiplyCorrect = "analogy_mul_correct"
    case multiplyConsidered = "analogy_mul_considered"
    case menTR3k = "EN-MEN-TR-3k"
  }
}

@Suite struct EvaluationTests {
  static let vectors = Result {
    try Word2VecReader.read(path: Fixtures.data("vectors/corpusA-10k-d32.bin"))
  }

  @Test(arguments: [30000, 2000])
  func analogyAccuracyMatchesGensim(restrict: Int) throws {
    let figures = try JSONDecoder().decode(
      GensimFigures.self,
      from: Data(
        contentsOf: URL(
          fileURLWithPath: Fixtures.data("vectors/gensim-eval-restrict\(restrict).json"))))
    let questions = try AnalogyQuestions(path: Fixtures.data("eval/questions-words.txt"))
    #expect(figures.restrictVocabulary == restrict)
    #expect(questions.questionCount == figures.questions)
    let scores = AnalogyEvaluation.evaluate(
      questions, vectors: try Self.vectors.get(), restrict: restrict)
    let add = try #require(scores[.add])
    let multiply = try #require(scores[.multiply])
    #expect(add.considered == figures.addConsidered)
    #expect(multiply.considered == figures.multiplyConsidered)
    let gensimAdd = Double(figures.addCorrect) / Double(figures.addConsidered)
    let gensimMultiply =
      Double(figures.multiplyCorrect) / Double(figures.multiplyConsidered)
    #expect(abs(add.accuracy - gensimAdd) <= 1e-3, "3CosAdd \(add.accuracy) vs gensim \(gensimAdd)")
    #expect(
      abs(multiply.accuracy - gensimMultiply) <= 1e-3,
      "3CosMul \(multiply.accuracy) vs gensim \(gensimMultiply)")
    #expect(
      abs(
        add.outOfVocabularyShare
          - (1 - Double(figures.addConsidered) / Double(figures.questions))) < 1e-12)
  }

  @Test func similarityMatchesGensim() throws {
    let figures = try JSONDecoder().decode(
      GensimFigures.self,
      from: Data(
        contentsOf: URL(fileURLWithPath: Fixtures.data("vectors/gensim-eval-restrict30000.json"))))
    let vectors = try Self.vectors.get()
    for (file, reference) in [
      ("wordsim353.tsv", figures.wordsim353), ("simlex999.txt", figures.simlex999),
      ("EN-MEN-TR-3k.txt", figures.menTR3k),
    ] {
      let score = try SimilarityScore(
        SimilarityPairs(path: Fixtures.data("eval/" + file)), vectors: vectors)
      #expect(abs(try #require(score.spearman) - reference.spearman) <= 1e-3, "\(file)")
      #expect(abs(try #require(score.pearson) - reference.pearson) <= 1e-3, "\(file)")
      #expect(abs(score.outOfVocabularyShare - reference.oov) <= 1e-9, "\(file)")
    }
  }

  @Test func ranksShareTheMeanRankOfTies() {
    // Spearman's rank of [10, 20, 20, 30] is [1, 2.5, 2.5, 4].
    #expect(RankCorrelation.spearman([10, 20, 20, 30], [1, 2.5, 2.5, 4]) == 1)
    // A strictly decreasing relation has ρ = −1 whatever its shape.
    #expect(abs(RankCorrelation.spearman([1, 2, 3, 4], [100, 10, 1, 0.5])! + 1) < 1e-12)
    // Pearson of y = 2x + 1 is exactly 1; a constant series has none.
    #expect(abs(RankCorrelation.pearson([1, 2, 3], [3, 5, 7])! - 1) < 1e-12)
    #expect(RankCorrelation.pearson([1, 2, 3], [4, 4, 4]) == nil)
  }

  @Test func analogiesSkipTheQuestionWordsAndMatchAnyCase() throws {
    // king − man + woman lands on queen's direction in these hand-made vectors, while man,
    // king and woman themselves are nearer and must be left out.
    let vectors = WordVectors(
      words: ["King", "man", "woman", "queen", "apple"], dimensions: 3,
      values: [1, 1, 0, 1, 0, 0, 1, 0, 0.1, 0.9, 1, 0.1, 0, 0, 1])
    let path = try Fixtures.file(
      named: "q.txt",
      bytes: Array(
        ": family\nman king woman queen\nMAN KING WOMAN APPLE\n: gram-x\nman kinG woman absent\n"
          .utf8))
    let questions = try AnalogyQuestions(path: path)
    let scores = AnalogyEvaluation.evaluate(questions, vectors: vectors, restrict: 10)
    let add = try #require(scores[.add])
    #expect(add.considered == 2)
    #expect(add.correct == 1)
    #expect(abs(add.outOfVocabularyShare - 1.0 / 3) < 1e-12)
    #expect(add.semantic == 0.5)
    let neighbors = NearestNeighbors(NormalizedVectors(vectors))
    #expect(neighbors.analogy(a: 1, b: 0, c: 2, count: 1).first?.word == "queen")
  }

  @Test func aQuestionBeforeAnySectionIsAnError() throws {
    let path = try Fixtures.file(named: "q.txt", bytes: Array("a b c d\n".utf8))
    #expect(throws: EvaluationError.questionBeforeSection(path: path, line: 1)) {
      _ = try AnalogyQuestions(path: path)
    }
  }

  @Test func aSimilarityFileWithNoKnownWordIsAnError() throws {
    let path = try Fixtures.file(
      named: "s.tsv", bytes: Array("# c\nzz\tyy\t1\nxx yy 2\nbad line\n".utf8))
    let pairs = try SimilarityPairs(path: path)
    #expect(pairs.pairs.count == 2)
    #expect(pairs.skippedLines == 1)
    #expect(throws: EvaluationError.nothingInVocabulary(path: path)) {
      _ = try SimilarityScore(pairs, vectors: try Self.vectors.get())
    }
  }
}
