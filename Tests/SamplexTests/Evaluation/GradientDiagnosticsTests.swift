import Foundation
import Samplex
import Testing

/// A small model whose softmax for context 0 is peaked: V = 12, d = 4, output rows and biases
/// from a fixed generator, the context row scaled up so that a few classes dominate.
private func peakedModel() -> Model {
  let model = Model(vocabularySize: 12, dimensions: 4, seed: 3)
  var random = Xoshiro256StarStar(seed: 11)
  func uniform() -> Float { Float(random.next() >> 40) * 0x1p-24 * 2 - 1 }
  for id in 0..<12 {
    for k in 0..<4 { model.output.row(Int32(id))[k] = uniform() }
    model.bias.row(Int32(id))[0] = 0.3 * uniform()
  }
  for k in 0..<4 { model.input.row(0)[k] = 3 * uniform() }
  return model
}

/// p(j | context 0) = softmax(u·w_j + b_j), in Double.
private func softmax(_ model: Model, context: Int32 = 0) -> [Double] {
  let logits = (0..<model.vocabularySize).map { id in
    (0..<model.dimensions).reduce(Double(model.bias.row(Int32(id))[0])) {
      $0 + Double(model.input.row(context)[$1]) * Double(model.output.row(Int32(id))[$1])
    }
  }
  let largest = logits.max()!
  let weights = logits.map { exp($0 - largest) }
  let total = weights.reduce(0, +)
  return weights.map { $0 / total }
}

private func cosine(_ a: [Double], _ b: [Double]) -> Double {
  let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
  let norms = a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot()
  return dot / norms
}

@Suite struct GradientDiagnosticsTests {
  /// With Q equal to the model's softmax p and no hit removal, every corrected logit is
  /// `log Z − log S`: each column weighs 1/(S + 1), so E[ĝ] = S/(S + 1)·g (cosine of the mean
  /// gradient → 1), the sampled loss is log(S + 1) on every draw (SD 0), and the
  /// importance-sampling estimate of the exact loss is exact (bias and SD 0).
  @Test func aSamplerEqualToTheModelsSoftmaxIsUnbiased() throws {
    let model = peakedModel()
    let p = softmax(model)
    let sampler = try UnigramSampler(counts: p, power: 1)
    let samples = 4
    let report = GradientDiagnostics(objective: .sampledSoftmax, samples: samples, draws: 4000)
      .measure(
        sampler: sampler, model: model, contexts: [0, 0, 0], centres: [1, 5, 9], seed: 7)
    let unbiased = try #require(report.keepingHits)
    #expect(unbiased.meanInputCosine > 0.999)
    #expect(unbiased.meanOutputCosine > 0.999)
    #expect(unbiased.lossDeviation < 1e-4)
    #expect(abs(unbiased.lossBias - (log(Double(samples + 1)) - report.exactLoss)) < 1e-4)
    #expect(abs(report.importanceBias) < 1e-4)
    #expect(report.importanceDeviation < 1e-4)
  }

  /// Uniform Q on a peaked softmax: with S = 1 and hits kept, the expected sampled-softmax
  /// gradient is an exact sum over the V equally likely candidates s,
  /// `E[ĝ_u] = Σ_s (1/V)·(1 − a_s)(w_s − w_o)` with `a_s = σ(z_o − z_s)` (the constant log Q
  /// cancels); the diagnostic's mean over draws must find its direction, away from g's.
  @Test func uniformCandidatesShowTheExpectedBias() throws {
    let model = peakedModel()
    let p = softmax(model)
    let d = model.dimensions
    let centre: Int32 = 7
    func w(_ id: Int) -> [Double] { (0..<d).map { Double(model.output.row(Int32(id))[$0]) } }
    func z(_ id: Int) -> Double {
      (0..<d).reduce(Double(model.bias.row(Int32(id))[0])) {
        $0 + Double(model.input.row(0)[$1]) * w(id)[$1]
      }
    }
    let o = Int(centre)
    var expected = [Double](repeating: 0, count: d)
    var exact = (0..<d).map { -w(o)[$0] }
    for s in 0..<model.vocabularySize {
      let a = 1 / (1 + exp(z(s) - z(o)))
      for k in 0..<d {
        expected[k] += (1 - a) * (w(s)[k] - w(o)[k]) / Double(model.vocabularySize)
        exact[k] += p[s] * w(s)[k]
      }
    }
    let expectedCosine = cosine(expected, exact)
    #expect(expectedCosine < 0.95, "the model is meant to make uniform Q biased")
    let report = GradientDiagnostics(objective: .sampledSoftmax, samples: 1, draws: 20000)
      .measure(
        sampler: try UniformSampler(rangeMax: model.vocabularySize), model: model, contexts: [0],
        centres: [centre], seed: 5)
    let kept = try #require(report.keepingHits)
    #expect(abs(kept.meanInputCosine - expectedCosine) < 0.01)
    // log of an unbiased estimate of Z is biased low (Jensen), by many standard errors here.
    let standardError = report.importanceDeviation / 20000.0.squareRoot()
    #expect(report.importanceBias < -5 * standardError)
  }

  /// The variants differ by their switch alone: negative sampling has no log Q to remove, NCE
  /// keeps hits by default, and uniform Q's log Q is one constant that softmax ignores.
  @Test func variantsFollowTheLossesSwitches() throws {
    let model = peakedModel()
    let uniform = try UniformSampler(rangeMax: model.vocabularySize)
    func measure(_ objective: Loss) -> GradientDiagnostics.Report {
      GradientDiagnostics(objective: objective, samples: 3, draws: 50).measure(
        sampler: uniform, model: model, contexts: [0, 0], centres: [2, 3], seed: 1)
    }
    let negative = measure(.negativeSampling)
    #expect(negative.withoutLogQ == nil && negative.keepingHits != nil)
    let nce = measure(.nce)
    #expect(nce.withoutLogQ != nil && nce.keepingHits == nil)
    let sampled = measure(.sampledSoftmax)
    let withoutLogQ = try #require(sampled.withoutLogQ)
    #expect(abs(withoutLogQ.inputCosine - sampled.trained.inputCosine) < 1e-5)
  }
}
