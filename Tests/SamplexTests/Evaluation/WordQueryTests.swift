import Foundation
import Samplex
import Testing

/// Vectors whose answers hold by construction: `man` is ten times longer than the others, so a
/// query that skipped normalising the vectors would be drawn to `notman` (along −man) instead.
private let words = ["man", "woman", "king", "queen", "notman", "apple", "zero"]
private let rows: [[Float]] = [
  [10, 0, 0], [0, 1, 0], [3, 0, 3], [0, 0.5, 0.5], [-1, 0, 0], [0, -1, 0.2], [0, 0, 0],
]
private let unit = NormalizedVectors(
  WordVectors(words: words, dimensions: 3, values: rows.flatMap { $0 }))

private func id(_ word: String) -> Int { words.firstIndex(of: word)! }

private func close(_ a: Float, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
  abs(Double(a) - b) < tolerance
}

@Suite struct WordQueryTests {
  @Test func theDirectionIsTheMeanOfUnitVectorsScaledToUnitLength() {
    let half = 1 / 2.0.squareRoot()
    let sum = unit.direction(of: [id("man"), id("woman")], weights: [1, 1])
    #expect(close(sum[0], half) && close(sum[1], half) && close(sum[2], 0))
    let difference = unit.direction(of: [id("man"), id("woman")], weights: [1, -1])
    #expect(close(difference[0], half) && close(difference[1], -half))
    #expect(unit.direction(of: [id("zero")], weights: [1]) == [0, 0, 0])
  }

  /// king − man + woman: of unit vectors (1, 0, 1)/√2 − (1, 0, 0) + (0, 1, 0), whose cosine with
  /// queen's (0, 1, 1)/√2 is worked out here from those numbers.
  @Test func mostSimilarWithANegativeWordUsesUnitVectors() {
    let index = NearestNeighbors(unit)
    let answers = index.mostSimilar(
      positive: [id("king"), id("woman")], negative: [id("man")], count: 2)
    let half = 1 / 2.0.squareRoot()
    let query = [half - 1, 1, half]
    let norm = query.map { $0 * $0 }.reduce(0, +).squareRoot()
    #expect(answers.first?.word == "queen")
    #expect(close(answers[0].similarity, (query[1] * half + query[2] * half) / norm))
    #expect(
      answers.map(\.word)
        == index.analogy(a: id("man"), b: id("king"), c: id("woman"), count: 2).map(\.word))
  }

  @Test func mostSimilarLeavesTheQueryWordsOut() {
    let index = NearestNeighbors(unit)
    let all = index.mostSimilar(positive: [id("king"), id("queen")], negative: [], count: 100)
    #expect(all.count == words.count - 2)
    #expect(!all.contains { $0.word == "king" || $0.word == "queen" })
    // One positive word is its neighbour list: man (cosine 1/√2) before queen (1/2).
    let king = index.mostSimilar(positive: [id("king")], negative: [], count: 2)
    #expect(king.map(\.word) == ["man", "queen"])
    #expect(king.map(\.word) == index.neighbors(of: id("king"), count: 2).map(\.word))
  }

  @Test func onlyNegativeWordsRankTheirOpposites() {
    let answers = NearestNeighbors(unit).mostSimilar(
      positive: [], negative: [id("man")], count: 1)
    #expect(answers.first?.word == "notman")
    #expect(close(answers[0].similarity, 1))
  }

  @Test func cosineIsTheSimilarityOfTheUnitVectors() {
    // (1, 0, 1)/√2 · (0, 1, 1)/√2.
    #expect(close(unit.cosine(id("king"), id("queen")), 0.5))
    #expect(close(unit.cosine(id("man"), id("notman")), -1))
    #expect(unit.cosine(id("zero"), id("king")) == 0)
  }

  @Test func theOddOneOutIsLeastSimilarToTheMean() {
    // Three meals along the first axis (one of them a hundred times longer, which would steer
    // the mean without normalising), and cereal along the second.
    let meals = NormalizedVectors(
      WordVectors(
        words: ["breakfast", "lunch", "dinner", "cereal"], dimensions: 3,
        values: [1, 0.1, 0, 100, 0, 10, 1, -0.1, 0.1, 0, 0.5, 0]))
    let odd = OddOneOut([0, 1, 2, 3], in: meals)
    #expect(odd.position == 3)
    #expect(odd.ranking.map(\.position).sorted() == [0, 1, 2, 3])
    #expect(zip(odd.ranking, odd.ranking.dropFirst()).allSatisfy { $0.similarity <= $1.similarity })
    let mean = meals.direction(of: [0, 1, 2, 3], weights: [1, 1, 1, 1])
    #expect(close(odd.ranking[0].similarity, Double(mean[1])))
  }

  /// Equal similarities go by spelling, as gensim's sort of (similarity, word) pairs has it.
  @Test func theOddOneOutBreaksTiesBySpelling() {
    let pair = NormalizedVectors(
      WordVectors(words: ["b", "a"], dimensions: 2, values: [1, 0, 0, 1]))
    #expect(OddOneOut([0, 1], in: pair).position == 1)
    #expect(OddOneOut([1, 0], in: pair).position == 0)
  }
}
