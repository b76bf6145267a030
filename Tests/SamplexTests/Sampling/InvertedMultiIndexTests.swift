import Foundation
import Samplex
import Testing

/// A small model and a batch of queries for the samplers that follow the model.
struct ProposalFixture {
  let model: Model
  let queries: [Float]
  let count: Int

  init(vocabularySize: Int, dimensions: Int, queries count: Int, scale: Float, seed: UInt64) {
    model = Model(vocabularySize: vocabularySize, dimensions: dimensions, seed: seed)
    model.output.fillUniform(scale: scale, seed: seed &+ 1)
    model.bias.fillUniform(scale: 0.5, seed: seed &+ 2)
    let table = EmbeddingTable(rows: count, dimensions: dimensions)
    table.fillUniform(scale: scale, seed: seed &+ 3)
    queries = table.array
    self.count = count
  }

  /// Runs `body` with the queries as a batch.
  func withQueries<Result>(_ body: (BatchQueries) throws -> Result) rethrows -> Result {
    try queries.withUnsafeBufferPointer {
      try body(
        BatchQueries(rows: $0.baseAddress!, count: count, dimensions: model.dimensions))
    }
  }
}

@Suite struct InvertedMultiIndexTests {
  private let fixture = ProposalFixture(
    vocabularySize: 60, dimensions: 8, queries: 5, scale: 1.2, seed: 11)

  private func preparedDraw(seed: UInt64) throws -> InvertedMultiIndexDraw {
    let sampler = try InvertedMultiIndexSampler(rangeMax: 60, codewords: 4, rebuildEvery: 10)
    let draw = sampler.makeDraw(batch: 8, samples: 10, dimensions: 8)
    var random = Xoshiro256StarStar(seed: seed)
    fixture.withQueries { draw.prepare(queries: $0, model: fixture.model, using: &random) }
    return draw
  }

  /// Q over the whole vocabulary is a distribution: each q_i sums to 1 over the rows (every row
  /// is in exactly one cell), and so does their mean.
  @Test func theBatchProbabilitiesSumToOne() throws {
    let draw = try preparedDraw(seed: 3)
    let probabilities = (0..<60).map { draw.probability(of: Int32($0)) }
    #expect(probabilities.allSatisfy { $0 > 0 })
    #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
  }

  /// Scores hundreds of nats apart underflow every non-empty cell's weight for some queries:
  /// those take the uniform draw over rows, and the proposal still sums to 1 and draws.
  @Test func queriesWhoseCellsAllUnderflowDrawUniformly() throws {
    let model = Model(vocabularySize: 60, dimensions: 8, seed: 4)
    model.output.fillUniform(scale: 300, seed: 5)
    let sampler = try InvertedMultiIndexSampler(rangeMax: 60, codewords: 8, rebuildEvery: 10)
    let draw = sampler.makeDraw(batch: 16, samples: 1, dimensions: 8)
    let queries = EmbeddingTable(rows: 16, dimensions: 8)
    queries.fillUniform(scale: 300, seed: 6)
    var random = Xoshiro256StarStar(seed: 7)
    queries.array.withUnsafeBufferPointer {
      draw.prepare(
        queries: BatchQueries(rows: $0.baseAddress!, count: 16, dimensions: 8), model: model,
        using: &random)
    }
    let probabilities = (0..<60).map { draw.probability(of: Int32($0)) }
    #expect(probabilities.allSatisfy { $0.isFinite && $0 >= 0 })
    #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
    for _ in 0..<1000 { #expect((0..<60).contains(draw.draw(using: &random))) }
  }

  /// The draw's frequencies match the probabilities it states (χ², 60 classes).
  @Test func drawsFollowTheStatedProbabilities() throws {
    let draw = try preparedDraw(seed: 5)
    let expected = (0..<60).map { draw.probability(of: Int32($0)) }
    let draws = 200_000
    var observed = [Int](repeating: 0, count: 60)
    var random = Xoshiro256StarStar(seed: 9)
    for _ in 0..<draws { observed[Int(draw.draw(using: &random))] += 1 }
    let (statistic, p) = chiSquare(observed: observed, expected: expected, draws: draws)
    #expect(p > 1e-3, "χ² = \(statistic), p = \(p)")
  }

  /// The proposal follows the model: a query along an output row gives that row far more than
  /// the uniform 1/V, and a query against it far less.
  @Test func theProposalFollowsTheQueries() throws {
    let sampler = try InvertedMultiIndexSampler(rangeMax: 60, codewords: 8, rebuildEvery: 10)
    let draw = sampler.makeDraw(batch: 1, samples: 1, dimensions: 8)
    var random = Xoshiro256StarStar(seed: 1)
    let target: Int32 = 17
    for sign: Float in [4, -4] {
      let query = fixture.model.output.vector(at: Int(target)).map { $0 * sign }
      query.withUnsafeBufferPointer {
        draw.prepare(
          queries: BatchQueries(rows: $0.baseAddress!, count: 1, dimensions: 8),
          model: fixture.model, using: &random)
      }
      let probability = draw.probability(of: target)
      #expect(sign > 0 ? probability > 4.0 / 60 : probability < 0.25 / 60, "\(probability)")
    }
  }

  /// A draw of a batch's candidates is the same from the same seed, and its expected counts
  /// are those `ExpectedCount` gives for the stated probabilities and the tries.
  @Test func aBatchDrawIsDeterministicAndCountsAsStated() throws {
    func run(seed: UInt64) throws -> (candidates: [Int32], counts: [Float], trueCounts: [Float]) {
      let sampler = try InvertedMultiIndexSampler(rangeMax: 60, codewords: 4, rebuildEvery: 10)
      let draw = sampler.makeDraw(batch: 5, samples: 10, dimensions: 8)
      var candidates = [Int32](repeating: 0, count: 10)
      var counts = [Float](repeating: 0, count: 10)
      let labels: [Int32] = [0, 5, 9, 30, 59]
      var trueCounts = [Float](repeating: 0, count: 5)
      var random = Xoshiro256StarStar(seed: seed)
      let tries = fixture.withQueries { queries in
        candidates.withUnsafeMutableBufferPointer { c in
          counts.withUnsafeMutableBufferPointer { e in
            labels.withUnsafeBufferPointer { l in
              trueCounts.withUnsafeMutableBufferPointer { t in
                draw.sample(
                  into: c, expectedCounts: e, trueClasses: l, trueExpectedCounts: t, unique: true,
                  queries: queries, model: fixture.model, using: &random)
              }
            }
          }
        }
      }
      #expect(Set(candidates).count == 10 && tries >= 10)
      for (id, count) in zip(candidates + labels, counts + trueCounts) {
        let stated = ExpectedCount.tensorFlow(
          probability: Float(draw.probability(of: id)), numSampled: 10, numTries: tries)
        #expect(abs(count - stated) <= 1e-6 * max(1, stated))
      }
      return (candidates, counts, trueCounts)
    }
    let (first, again, other) = (try run(seed: 4), try run(seed: 4), try run(seed: 5))
    #expect(first.candidates == again.candidates && first.counts == again.counts)
    #expect(first.trueCounts == again.trueCounts)
    #expect(first.candidates != other.candidates)
  }
}
