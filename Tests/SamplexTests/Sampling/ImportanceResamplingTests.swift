import Foundation
import Samplex
import Testing

@Suite struct ImportanceResamplingTests {
  private let fixture = ProposalFixture(
    vocabularySize: 50, dimensions: 6, queries: 4, scale: 1.5, seed: 21)
  /// Zipfian counts, so that the pool's unigram^α differs from the softmax it is weighed to.
  private let base = try! UnigramSampler(counts: (0..<50).map { 1000 / Double($0 + 1) })

  /// The exact batch-averaged softmax (1/B) Σ_i softmax(x_i·W + b).
  private func exactBatchSoftmax() -> [Double] {
    let (v, d) = (50, 6)
    let (w, b) = (fixture.model.output.array, fixture.model.bias.array)
    var average = [Double](repeating: 0, count: v)
    for i in 0..<fixture.count {
      let logits = (0..<v).map { k in
        (0..<d).reduce(Double(b[k])) {
          $0 + Double(fixture.queries[i * d + $1]) * Double(w[k * d + $1])
        }
      }
      let top = logits.max()!
      let exps = logits.map { exp($0 - top) }
      let sum = exps.reduce(0, +)
      for k in 0..<v { average[k] += exps[k] / sum / Double(fixture.count) }
    }
    return average
  }

  /// The estimates q̂(k) of every id, averaged over `repeats` pools of `pool` draws.
  private func meanEstimates(pool: Int, repeats: Int) -> [Double] {
    let draw = ImportanceResampler(base: base, pool: pool)
      .makeDraw(batch: 4, samples: 2, dimensions: 6)
    let ids = (0..<50).map(Int32.init)
    var mean = [Double](repeating: 0, count: 50)
    var estimates = [Double](repeating: 0, count: 50)
    for seed in 0..<repeats {
      var random = Xoshiro256StarStar(seed: UInt64(seed))
      fixture.withQueries { queries in
        draw.prepare(queries: queries, model: fixture.model, unique: false, using: &random)
        ids.withUnsafeBufferPointer { ids in
          estimates.withUnsafeMutableBufferPointer {
            draw.estimates(of: ids, queries: queries, model: fixture.model, into: $0)
          }
        }
      }
      for k in 0..<50 { mean[k] += estimates[k] / Double(repeats) }
    }
    return mean
  }

  /// q̂ is consistent: its bias against the exact batch-averaged softmax (the summed absolute
  /// difference of its mean over many pools) shrinks as the pool grows.
  @Test func theEstimatesBiasShrinksAsThePoolGrows() {
    let exact = exactBatchSoftmax()
    let errors = [4, 32, 256].map { pool in
      zip(meanEstimates(pool: pool, repeats: 400), exact).map { abs($0 - $1) }.reduce(0, +)
    }
    #expect(errors[0] > errors[1] && errors[1] > errors[2], "\(errors)")
    #expect(errors[2] < 0.05, "\(errors)")
  }

  /// A pool id's estimate read off its weight (M · Q0(k) · w_j) is the one its scores give.
  @Test func aPoolIDsEstimateFromItsWeightIsItsScoresEstimate() {
    let draw = ImportanceResampler(base: base, pool: 40)
      .makeDraw(batch: 4, samples: 8, dimensions: 6)
    var random = Xoshiro256StarStar(seed: 2)
    fixture.withQueries { queries in
      draw.prepare(queries: queries, model: fixture.model, unique: true, using: &random)
      var candidates = [Int32](repeating: 0, count: 8)
      candidates.withUnsafeMutableBufferPointer {
        _ = draw.sample(into: $0, unique: true, using: &random)
      }
      var estimates = [Double](repeating: 0, count: 8)
      candidates.withUnsafeBufferPointer { ids in
        estimates.withUnsafeMutableBufferPointer {
          draw.estimates(of: ids, queries: queries, model: fixture.model, into: $0)
        }
      }
      for (id, estimate) in zip(candidates, estimates) {
        let fromWeight = draw.poolEstimate(of: id)
        #expect(abs(fromWeight - estimate) <= 1e-5 * estimate, "\(id): \(fromWeight) \(estimate)")
      }
    }
  }

  /// A batch's candidates are distinct, and the same from the same seed.
  /// A pool of S draws from a Zipfian vocabulary almost never holds S distinct ids: the pool
  /// grows until it does, and the draw ends with S distinct candidates (a pool drawn again at
  /// its size would loop). Output rows scaled up so far that most pool entries' exponentials
  /// underflow still leave every entry drawable (the weights' floor).
  @Test(arguments: [Float(1), 400]) func aDistinctDrawFromASmallPoolEnds(rowScale: Float) {
    let samples = 40
    let model = Model(vocabularySize: 50, dimensions: 6, seed: 2)
    model.output.fillUniform(scale: rowScale, seed: 3)
    let draw = ImportanceResampler(base: base, pool: samples)
      .makeDraw(batch: 4, samples: samples, dimensions: 6)
    var random = Xoshiro256StarStar(seed: 5)
    var candidates = [Int32](repeating: 0, count: samples)
    var expected = [Float](repeating: 0, count: samples)
    var trueExpected = [Float](repeating: 0, count: 4)
    let labels: [Int32] = [0, 7, 21, 49]
    let tries = fixture.withQueries { queries in
      candidates.withUnsafeMutableBufferPointer { c in
        expected.withUnsafeMutableBufferPointer { e in
          labels.withUnsafeBufferPointer { l in
            trueExpected.withUnsafeMutableBufferPointer { t in
              draw.sample(
                into: c, expectedCounts: e, trueClasses: l, trueExpectedCounts: t, unique: true,
                queries: queries, model: model, using: &random)
            }
          }
        }
      }
    }
    #expect(Set(candidates).count == samples)
    #expect(tries >= samples)
    #expect((expected + trueExpected).allSatisfy { $0 > 0 && $0 <= 1 })
  }

  @Test func aBatchDrawIsDistinctAndDeterministic() {
    func run(seed: UInt64) -> [Int32] {
      let draw = ImportanceResampler(base: base, pool: 40)
        .makeDraw(batch: 4, samples: 8, dimensions: 6)
      var random = Xoshiro256StarStar(seed: seed)
      var candidates = [Int32](repeating: 0, count: 8)
      fixture.withQueries { queries in
        draw.prepare(queries: queries, model: fixture.model, unique: true, using: &random)
        candidates.withUnsafeMutableBufferPointer {
          _ = draw.sample(into: $0, unique: true, using: &random)
        }
      }
      return candidates
    }
    let first = run(seed: 6)
    #expect(Set(first).count == 8)
    #expect(first == run(seed: 6))
    #expect(first != run(seed: 7))
  }
}
