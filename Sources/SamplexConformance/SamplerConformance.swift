import Samplex

/// Checks the candidate-sampler cases of a reference file against Samplex's samplers:
/// probabilities and expected counts (given TensorFlow's number of tries), distributions by χ²
/// over 10^6 draws, and the inclusion rates of `unique` draws.
struct SamplerConformance {
  let file: ReferenceFile

  /// Relative tolerance on probabilities and expected counts (the reference README's rule).
  static let relativeTolerance = 2e-6
  /// Smallest acceptable χ² p-value for 10^6 draws.
  static let minimumPValue = 1e-3
  /// Largest acceptable gap between inclusion rate and mean expected count.
  static let inclusionTolerance = 0.01

  static let groups: Set<String> = [
    "candidate_samplers", "sampler_empirical", "sampler_unique_inclusion",
  ]

  func check(_ reference: ReferenceCase) -> ConformanceResult {
    do {
      switch reference.group {
      case "candidate_samplers" where !reference.steps.isEmpty: return try checkSequence(reference)
      case "candidate_samplers": return try checkCounts(reference)
      case "sampler_empirical": return try checkDistribution(reference)
      case "sampler_unique_inclusion": return try checkInclusion(reference)
      default: return ConformanceResult(id: reference.id, verdict: .skipped("not a sampler case"))
      }
    } catch let error as SkipCase {
      return ConformanceResult(id: reference.id, verdict: .skipped(error.reason))
    } catch {
      return ConformanceResult(id: reference.id, verdict: .failed("\(error)"))
    }
  }

  struct SkipCase: Error { let reason: String }

  /// A stateless sampler for the case's parameters.
  private func sampler(for reference: ReferenceCase) throws -> any CandidateSampler {
    let range = try reference.integer("range_max")
    switch reference.string("sampler") {
    case "uniform": return try UniformSampler(rangeMax: range)
    case "log_uniform": return try LogUniformSampler(rangeMax: range)
    case "fixed_unigram":
      if reference.parameters["num_reserved_ids"] != nil,
        try reference.integer("num_reserved_ids") != 0
      {
        throw SkipCase(reason: "num_reserved_ids is not supported")
      }
      if reference.parameters["num_shards"] != nil, try reference.integer("num_shards") != 1 {
        throw SkipCase(reason: "sharded unigram tables are not supported")
      }
      guard let name = reference.string("unigrams_table"), let table = file.tables[name] else {
        throw ConformanceError.malformed(
          path: file.path, reason: "\(reference.id): its unigram table is missing")
      }
      return try UnigramSampler(counts: table.values, power: reference.double("distortion"))
    case "learned_unigram":
      return try LearnedUnigramWeights(rangeMax: range).sampler()
    case let other:
      throw SkipCase(reason: "unknown sampler '\(other ?? "none")'")
    }
  }

  private func checkCounts(_ reference: ReferenceCase) throws -> ConformanceResult {
    let sampler = try sampler(for: reference)
    let numSampled = try reference.integer("num_sampled")
    let tries = Int(try reference.number("derived.num_tries"))
    let trueClasses = try reference.tensor("inputs.true_classes").ids
    let sampled = try reference.tensor("outputs.sampled_candidates").ids
    var check = ToleranceCheck(relative: Self.relativeTolerance)
    if sampled.contains(where: { $0 < 0 || Int($0) >= sampler.rangeMax }) {
      check.fail("a sampled candidate is out of range")
    }
    if try reference.flag("unique"), Set(sampled).count != sampled.count {
      check.fail("unique candidates repeat")
    }
    for (name, ids) in [("true", trueClasses), ("sampled", sampled)] {
      check.compare(
        ids.map { Double(sampler.tensorFlowProbability(of: $0)) },
        try reference.tensor("derived.p_\(name)").values, "p_\(name)")
      check.compare(
        ids.map {
          Double(sampler.tensorFlowExpectedCount(of: $0, numSampled: numSampled, numTries: tries))
        },
        try reference.tensor("outputs.\(name)_expected_count").values, "\(name)_expected_count")
    }
    return check.result(id: reference.id)
  }

  private func checkSequence(_ reference: ReferenceCase) throws -> ConformanceResult {
    guard reference.string("sampler") == "learned_unigram" else {
      throw SkipCase(reason: "only learned_unigram has stateful steps")
    }
    let numSampled = try reference.integer("num_sampled")
    guard !(try reference.flag("unique")) else {
      throw SkipCase(reason: "the steps do not record the number of tries of a unique draw")
    }
    var weights = LearnedUnigramWeights(rangeMax: try reference.integer("range_max"))
    var check = ToleranceCheck(relative: Self.relativeTolerance)
    for step in reference.steps.indices {
      let before = try reference.tensor("derived.weights_before_call", inStep: step).integers
      if before != weights.weights { check.fail("step \(step): weights before the call differ") }
      for name in ["true", "sampled"] {
        let ids = try reference.tensor(
          name == "true" ? "inputs.true_classes" : "outputs.sampled_candidates", inStep: step
        ).ids
        check.compare(
          ids.map {
            Double(
              ExpectedCount.tensorFlow(
                probability: weights.tensorFlowProbability(of: $0), numSampled: numSampled,
                numTries: numSampled))
          },
          try reference.tensor("outputs.\(name)_expected_count", inStep: step).values,
          "step \(step) \(name)_expected_count")
      }
      weights.observe(try reference.tensor("inputs.true_classes", inStep: step).ids)
    }
    return check.result(id: reference.id)
  }

  private func checkDistribution(_ reference: ReferenceCase) throws -> ConformanceResult {
    var sampler = try sampler(for: reference)
    if reference.string("sampler") == "learned_unigram" {
      var weights = LearnedUnigramWeights(rangeMax: try reference.integer("range_max"))
      weights.observe(try reference.tensor("inputs.feed_true_classes_before_draw").ids)
      sampler = try weights.sampler()
    }
    let draws = try reference.integer("num_draws")
    let edges = try reference.tensor("histogram.bin_edges").integers
    let expected = try reference.tensor("histogram.expected_prob").values
    var check = ToleranceCheck(relative: 1e-9)
    // Samplex's exact Q, summed over each bin, against the reference's float64 closed form.
    let ours = (0..<(edges.count - 1)).map { bin in
      (edges[bin]..<edges[bin + 1]).reduce(0.0) { $0 + sampler.probability(of: Int32($1)) }
    }
    check.compare(ours, expected, "bin probability")
    let observed = Self.histogram(
      sampler, draws: draws, edges: edges, seed: UInt64(try reference.integer("seed")))
    var statistic = 0.0
    for (count, probability) in zip(observed, expected) {
      let mean = probability * Double(draws)
      statistic += (Double(count) - mean) * (Double(count) - mean) / mean
    }
    let p = ChiSquare.upperTail(statistic, degreesOfFreedom: expected.count - 1)
    if p < Self.minimumPValue {
      check.fail("χ² = \(statistic) over \(expected.count) bins, p = \(p) < \(Self.minimumPValue)")
    }
    return check.result(id: reference.id)
  }

  private static func histogram(
    _ sampler: some CandidateSampler, draws: Int, edges: [Int], seed: UInt64
  ) -> [Int] {
    var binOf = [Int](repeating: 0, count: sampler.rangeMax)
    for bin in 0..<(edges.count - 1) {
      for id in edges[bin]..<edges[bin + 1] { binOf[id] = bin }
    }
    var counts = [Int](repeating: 0, count: edges.count - 1)
    var random = Xoshiro256StarStar(seed: seed)
    for _ in 0..<draws { counts[binOf[Int(sampler.draw(using: &random))]] += 1 }
    return counts
  }

  private func checkInclusion(_ reference: ReferenceCase) throws -> ConformanceResult {
    let sampler = try sampler(for: reference)
    let numSampled = try reference.integer("num_sampled")
    // At least 10^5 batches: the inclusion rate's sampling noise (σ ≤ 0.0016) then stays well
    // inside the 0.01 gap that TensorFlow's own approximation leaves (≤ 0.0084 at 2·10^4).
    let batches = max(try reference.integer("batches"), Self.inclusionBatches)
    let rates = Self.inclusion(
      sampler, numSampled: numSampled, batches: batches, seed: UInt64(try reference.integer("seed"))
    )
    var check = ToleranceCheck(absolute: Self.inclusionTolerance, relative: 0)
    check.compare(rates.included, rates.expected, "inclusion rate against expected count")
    return check.result(id: reference.id)
  }

  static let inclusionBatches = 100_000

  /// The share of `unique` draws that include each class, and the mean of its expected count.
  private static func inclusion(
    _ sampler: some CandidateSampler, numSampled: Int, batches: Int, seed: UInt64
  ) -> (included: [Double], expected: [Double]) {
    let range = sampler.rangeMax
    var included = [Double](repeating: 0, count: range)
    var expected = [Double](repeating: 0, count: range)
    var random = Xoshiro256StarStar(seed: seed)
    var candidates = [Int32](repeating: 0, count: numSampled)
    // The expected count depends on the batch only through its number of tries.
    var batchesWithTries: [Int: Int] = [:]
    for _ in 0..<batches {
      let tries = candidates.withUnsafeMutableBufferPointer {
        sampler.sample(into: $0, unique: true, using: &random)
      }
      for id in candidates { included[Int(id)] += 1 }
      batchesWithTries[tries, default: 0] += 1
    }
    for id in 0..<range {
      let probability = sampler.probability(of: Int32(id))
      for (tries, count) in batchesWithTries {
        expected[id] +=
          Double(count)
          * ExpectedCount.exact(probability: probability, numSampled: numSampled, numTries: tries)
      }
    }
    return (included.map { $0 / Double(batches) }, expected.map { $0 / Double(batches) })
  }
}
