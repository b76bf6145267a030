import Foundation
import Samplex
import Testing

/// Pearson χ² of observed counts against expected probabilities, with Wilson–Hilferty's
/// normal approximation of its upper tail.
func chiSquare(observed: [Int], expected: [Double], draws: Int) -> (
  statistic: Double, pValue: Double
) {
  var statistic = 0.0
  for (count, probability) in zip(observed, expected) {
    let mean = probability * Double(draws)
    statistic += (Double(count) - mean) * (Double(count) - mean) / mean
  }
  return (statistic, ChiSquare.upperTail(statistic, degreesOfFreedom: observed.count - 1))
}

/// Histogram of `draws` draws, with ids binned so that every bin expects at least 5 draws.
func binnedDraws(
  _ sampler: some CandidateSampler, draws: Int, seed: UInt64
) -> (observed: [Int], expected: [Double]) {
  var random = Xoshiro256StarStar(seed: seed)
  var counts = [Int](repeating: 0, count: sampler.rangeMax)
  for _ in 0..<draws { counts[Int(sampler.draw(using: &random))] += 1 }
  var observed: [Int] = []
  var expected: [Double] = []
  var binCount = 0
  var binProbability = 0.0
  for id in 0..<sampler.rangeMax {
    binCount += counts[id]
    binProbability += sampler.probability(of: Int32(id))
    if binProbability * Double(draws) >= 5 {
      observed.append(binCount)
      expected.append(binProbability)
      binCount = 0
      binProbability = 0
    }
  }
  if binProbability > 0 {
    if expected.isEmpty {
      observed.append(binCount)
      expected.append(binProbability)
    } else {
      observed[observed.count - 1] += binCount
      expected[expected.count - 1] += binProbability
    }
  }
  return (observed, expected)
}

/// Zipf-like counts with some zeros, for the unigram sampler.
func zipfCounts(_ size: Int) -> [Double] {
  (0..<size).map { (id: Int) -> Double in
    id % 97 == 96 ? 0 : (1e6 / Double(id + 1)).rounded()
  }
}

@Suite struct SamplerTests {
  static let sizes = [1, 2, 10, 1_000_000]

  @Test(arguments: sizes)
  func probabilitiesSumToOne(size: Int) throws {
    let samplers: [any CandidateSampler] = [
      try UniformSampler(rangeMax: size), try LogUniformSampler(rangeMax: size),
      try UnigramSampler(counts: zipfCounts(size).map { max($0, 1) }, power: 0.75),
    ]
    for sampler in samplers {
      let sum = (0..<size).reduce(0.0) { $0 + sampler.probability(of: Int32($1)) }
      // Summing 10^6 doubles of magnitude ≤ 1 loses at most 10^6 · 2^-53 ≈ 1.1e-10.
      #expect(abs(sum - 1) < 1e-9, "\(type(of: sampler)) at V = \(size): Σ Q = \(sum)")
    }
  }

  @Test func logUniformProbabilityIsAccurateWhereFloatDifferencesFail() throws {
    let sampler = try LogUniformSampler(rangeMax: 1_000_000)
    for id: Int32 in [0, 1, 999, 500_000, 999_999] {
      let k = Double(id)
      // log((k+2)/(k+1)) in Double is accurate to a few ulps of its argument's rounding.
      let reference = log((k + 2) / (k + 1)) / log(1_000_001.0)
      #expect(abs(sampler.probability(of: id) - reference) <= 1e-9 * reference)
    }
  }

  @Test(arguments: [0.0, 0.75, 1.0])
  func theAliasTableReproducesQExactly(power: Double) throws {
    let counts = zipfCounts(10_000)
    let sampler = try UnigramSampler(counts: counts, power: power)
    let fromTable = sampler.probabilitiesFromAliasTable()
    let total = counts.reduce(0.0) { $0 + ($1 == 0 ? 0 : pow($1, power)) }
    for id in 0..<counts.count {
      let q = counts[id] == 0 ? 0 : pow(counts[id], power) / total
      #expect(abs(sampler.probability(of: Int32(id)) - q) <= 1e-6 * q)
      #expect(abs(fromTable[id] - q) <= 1e-6 * q + 1e-15, "id \(id)")
    }
  }

  @Test func aZeroCountIsNeverDrawn() throws {
    let sampler = try UnigramSampler(counts: [5, 0, 3, 0, 1], power: 0.75)
    #expect(sampler.probability(of: 1) == 0)
    #expect(sampler.probabilitiesFromAliasTable()[1] == 0)
    #expect(sampler.probabilitiesFromAliasTable()[3] == 0)
    var random = Xoshiro256StarStar(seed: 3)
    for _ in 0..<100_000 {
      let id = sampler.draw(using: &random)
      #expect(id != 1 && id != 3)
    }
  }

  @Test func theLogOfAZeroExpectedCountStaysFinite() throws {
    let sampler = try UnigramSampler(counts: [5, 0, 3], power: 0.75)
    let count = sampler.tensorFlowExpectedCount(of: 1, numSampled: 8, numTries: 8)
    #expect(count == 0)
    // TensorFlow takes log(0) = −inf here, and subtract_log_q turns the loss into NaN.
    #expect(ExpectedCount.logarithm(count) == log(Float.leastNormalMagnitude))
    #expect(ExpectedCount.logarithm(count).isFinite)
  }

  /// χ² goodness of fit over 10^6 draws; the critical value is p = 1e-6, so a correct sampler
  /// fails one seed in a million.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func drawsFollowQ(seed: UInt64) throws {
    let samplers: [any CandidateSampler] = [
      try UniformSampler(rangeMax: 1000), try LogUniformSampler(rangeMax: 1000),
      try LogUniformSampler(rangeMax: 1_000_000),
      try UnigramSampler(counts: zipfCounts(5000), power: 0.75),
      try UnigramSampler(counts: zipfCounts(5000), power: 1),
    ]
    for sampler in samplers {
      let (observed, expected) = binnedDraws(sampler, draws: 1_000_000, seed: seed)
      let (statistic, p) = chiSquare(observed: observed, expected: expected, draws: 1_000_000)
      #expect(p >= 1e-6, "\(type(of: sampler)) V=\(sampler.rangeMax): χ² = \(statistic), p = \(p)")
    }
  }

  @Test func uniqueDrawsAreDistinctAndCountTheirTries() throws {
    let sampler = try LogUniformSampler(rangeMax: 100)
    var random = Xoshiro256StarStar(seed: 11)
    var candidates = [Int32](repeating: -1, count: 64)
    let tries = candidates.withUnsafeMutableBufferPointer {
      sampler.sample(into: $0, unique: true, using: &random)
    }
    #expect(Set(candidates).count == 64)
    #expect(candidates.allSatisfy { (0..<100).contains($0) })
    #expect(tries >= 64)
    // All 100 classes, drawn distinct: every id appears once.
    var all = [Int32](repeating: -1, count: 100)
    _ = all.withUnsafeMutableBufferPointer {
      sampler.sample(into: $0, unique: true, using: &random)
    }
    #expect(Set(all) == Set(0..<100))
  }

  @Test func withReplacementTriesEqualTheSampleSize() throws {
    let sampler = try UniformSampler(rangeMax: 3)
    var random = Xoshiro256StarStar(seed: 1)
    var candidates = [Int32](repeating: -1, count: 50)
    let tries = candidates.withUnsafeMutableBufferPointer {
      sampler.sample(into: $0, unique: false, using: &random)
    }
    #expect(tries == 50)
    #expect(Set(candidates).isSubset(of: [0, 1, 2]))
  }

  @Test func expectedCountsFollowTheFormulas() throws {
    let sampler = try LogUniformSampler(rangeMax: 1000)
    let q = sampler.probability(of: 7)
    #expect(sampler.expectedCount(of: 7, numSampled: 64, numTries: 64) == 64 * q)
    let unique = sampler.expectedCount(of: 7, numSampled: 64, numTries: 80)
    #expect(abs(unique - (1 - pow(1 - q, 80))) < 1e-15)
  }

  @Test func drawingMoreDistinctIDsThanClassesIsAClearError() {
    #expect(throws: SamplerError.rangeTooSmall(numSampled: 11, rangeMax: 10)) {
      try SamplerError.checkUnique(numSampled: 11, rangeMax: 10)
    }
    #expect(
      SamplerError.rangeTooSmall(numSampled: 11, rangeMax: 10).description.contains("at most 10"))
  }

  @Test func badCountsAndPowersAreClearErrors() {
    #expect(throws: SamplerError.negativePower(-1)) {
      try UnigramSampler(counts: [1, 2], power: -1)
    }
    #expect(throws: SamplerError.invalidCount(id: 1, count: -2)) {
      try UnigramSampler(counts: [1, -2])
    }
    #expect(throws: SamplerError.allCountsZero) { try UnigramSampler(counts: [0, 0]) }
    #expect(throws: SamplerError.emptyRange) { try LogUniformSampler(rangeMax: 0) }
  }

  @Test func theSameSeedGivesTheSameDraws() throws {
    let sampler = try UnigramSampler(counts: zipfCounts(1000))
    func draws(_ seed: UInt64) -> [Int32] {
      var random = Xoshiro256StarStar(seed: seed)
      return (0..<1000).map { _ in sampler.draw(using: &random) }
    }
    #expect(draws(5) == draws(5))
    #expect(draws(5) != draws(6))
  }
}

@Suite struct LogUniformDrawTests {
  /// The fixed-point power agrees with TensorFlow's formula ⌊exp(u·log(V+1))⌋ − 1 computed with
  /// libm, for the same u = r / 2^64; it may differ only when the power lies within about 1e-15
  /// of an integer, which 10^5 draws are very unlikely to hit.
  @Test(arguments: [10, 1000, 1_000_000, 2_000_000_000])
  func drawsInvertTheCDFAsTensorFlowDoes(size: Int) throws {
    let sampler = try LogUniformSampler(rangeMax: size)
    var random = Xoshiro256StarStar(seed: 21)
    var replay = random
    var mismatches = 0
    for _ in 0..<100_000 {
      let id = sampler.draw(using: &random)
      let u = Double(replay.next()) * 0x1p-64
      let reference = Int(exp(u * log1p(Double(size)))) - 1
      if Int(id) != reference % size { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }
}

@Suite struct ExpectedCountKernelTests {
  @Test func theFastExponentialAgreesWithLibm() {
    var random = Xoshiro256StarStar(seed: 1)
    for _ in 0..<100_000 {
      let x = -Double(random.next() >> 11) * 0x1p-53 * 90
      let want = exp(x)
      #expect(abs(FastExponential.exp(x) - want) <= 2e-14 * want, "x = \(x)")
    }
    #expect(FastExponential.exp(0) == 1)
  }

  @Test func theSeriesOfLog1pAndExpm1AgreeWithLibm() {
    var random = Xoshiro256StarStar(seed: 2)
    for _ in 0..<100_000 {
      // p over ten decades, y over the range tries · log1p(−p) takes.
      let p = pow(10, -10 * Double(random.next() >> 11) * 0x1p-53)
      let y = -Double(random.next() >> 11) * 0x1p-53 * 40
      #expect(
        abs(ExpectedCount.log1pOfNegative(p) - log1p(-p)) <= 2e-9 * abs(log1p(-p)), "p = \(p)")
      #expect(abs(ExpectedCount.expm1OfNegative(y) - expm1(y)) <= 5e-11 * abs(expm1(y)), "y = \(y)")
    }
  }
}

extension ExpectedCountKernelTests {
  @Test func theBatchFormAgreesWithTheScalarOne() {
    var random = Xoshiro256StarStar(seed: 9)
    let probabilities = (0..<1003).map { _ in
      Float(pow(10, -7 * Double(random.next() >> 11) * 0x1p-53))
    }
    for (samples, tries) in [(64, 64), (64, 80), (8, 300)] {
      var batch = probabilities
      batch.withUnsafeMutableBufferPointer {
        ExpectedCount.tensorFlow(probabilities: $0, numSampled: samples, numTries: tries)
      }
      for (p, got) in zip(probabilities, batch) {
        let want = ExpectedCount.tensorFlow(probability: p, numSampled: samples, numTries: tries)
        // The lanes round the same float operations; the exponentials agree to 2e-14.
        #expect(abs(got - want) <= 2.4e-7 * want, "p = \(p)")
      }
    }
  }
}
