import Benchmark
import Samplex

// The samplers at V = 10^6 on one core: S = 8192 with replacement (the speed targets), and
// S = 64 with and without `unique` (the shape TensorFlow's samplers are measured at); and
// `midx`'s batch with and without a rebuild of its codebooks.
let vocabularySize = 1_000_000
/// Zipfian counts, as a word vocabulary has.
let counts = (0..<vocabularySize).map { (id: Int) -> Double in (1e8 / Double(id + 1)).rounded(.up) }
let drawsPerSecond = BenchmarkMetric.custom(
  "M draws/s", polarity: .prefersLarger, useScalingFactor: false)

/// Draws `batches` batches of `samples` candidates. With `expectedCounts`, each batch also gets
/// the expected counts of its candidates and of one true class: the work one call of
/// TensorFlow's `*_candidate_sampler` does, and what the side-by-side comparison measures.
func measure(
  _ name: String, _ sampler: some CandidateSampler, samples: Int, unique: Bool, batches: Int,
  expectedCounts: Bool = false
) {
  Benchmark(name, configuration: .init(metrics: [.wallClock, .mallocCountTotal, drawsPerSecond])) {
    benchmark in
    var random = Xoshiro256StarStar(seed: 1)
    let candidates = UnsafeMutableBufferPointer<Int32>.allocate(capacity: samples)
    let counts = UnsafeMutableBufferPointer<Float>.allocate(capacity: samples)
    let trueClass = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1)
    let trueCount = UnsafeMutableBufferPointer<Float>.allocate(capacity: 1)
    trueClass[0] = 0
    defer {
      candidates.deallocate()
      counts.deallocate()
      trueClass.deallocate()
      trueCount.deallocate()
    }
    var checksum: Int32 = 0
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    for _ in 0..<batches {
      if expectedCounts {
        _ = sampler.sample(
          into: candidates, expectedCounts: counts, trueClasses: UnsafeBufferPointer(trueClass),
          trueExpectedCounts: trueCount, unique: unique, using: &random)
        checksum &+= counts[0] > 2 ? 1 : 0
      } else {
        _ = sampler.sample(into: candidates, unique: unique, using: &random)
      }
      checksum &+= candidates[0]
    }
    benchmark.stopMeasurement()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    blackHole(checksum)
    benchmark.measurement(drawsPerSecond, Int(Double(samples * batches) / seconds / 1e6))
  }
}

let microsecondsPerBatch = BenchmarkMetric.custom(
  "µs/batch", polarity: .prefersSmaller, useScalingFactor: false)

/// `midx` on a batch of B = 256 queries and S = 64 candidates over `vocabularySize` output rows
/// of `dimensions` (filled at random), K = 64: `batches` draws, each with a refit of the
/// codebooks (`rebuildEvery` 1) or none after the first, which comes before the measurement.
/// The difference of the two is a rebuild's cost, timed apart from the batch's.
func measureMidx(vocabularySize: Int, dimensions: Int, rebuilding: Bool, batches: Int) {
  let name =
    "Sampling.midx V=\(vocabularySize) d=\(dimensions) K=64 B=256 S=64"
    + (rebuilding ? " rebuilding every batch" : "")
  Benchmark(name, configuration: .init(metrics: [.wallClock, microsecondsPerBatch])) {
    benchmark in
    let (batch, samples) = (256, 64)
    let model = Model(vocabularySize: vocabularySize, dimensions: dimensions, seed: 1)
    model.output.fillUniform(scale: 0.5, seed: 2)
    let sampler = try! InvertedMultiIndexSampler(
      rangeMax: vocabularySize, codewords: 64, rebuildEvery: rebuilding ? 1 : Int.max)
    var draw = sampler.makeDraw(batch: batch, samples: samples, dimensions: dimensions)
    var random = Xoshiro256StarStar(seed: 1)
    var queryValues = [Float](repeating: 0, count: batch * dimensions)
    for index in queryValues.indices { queryValues[index] = Float.random(in: -0.5...0.5) }
    let candidates = UnsafeMutableBufferPointer<Int32>.allocate(capacity: samples)
    let counts = UnsafeMutableBufferPointer<Float>.allocate(capacity: samples)
    let trueClasses = UnsafeMutableBufferPointer<Int32>.allocate(capacity: batch)
    let trueCounts = UnsafeMutableBufferPointer<Float>.allocate(capacity: batch)
    for index in 0..<batch { trueClasses[index] = Int32(index * 37 % vocabularySize) }
    defer {
      candidates.deallocate()
      counts.deallocate()
      trueClasses.deallocate()
      trueCounts.deallocate()
    }
    var checksum: Int32 = 0
    queryValues.withUnsafeBufferPointer { values in
      let queries = BatchQueries(rows: values.baseAddress!, count: batch, dimensions: dimensions)
      func oneBatch() {
        _ = draw.sample(
          into: candidates, expectedCounts: counts, trueClasses: UnsafeBufferPointer(trueClasses),
          trueExpectedCounts: trueCounts, unique: false, queries: queries, model: model,
          using: &random)
        checksum &+= candidates[0]
      }
      // The first batch fits the codebooks whatever `rebuildEvery` says.
      oneBatch()
      let start = ContinuousClock.now
      benchmark.startMeasurement()
      for _ in 0..<batches { oneBatch() }
      benchmark.stopMeasurement()
      let elapsed = ContinuousClock.now - start
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      benchmark.measurement(microsecondsPerBatch, Int(seconds * 1e6 / Double(batches)))
    }
    blackHole(checksum)
  }
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(maxDuration: .seconds(10), maxIterations: 10)
  let uniform = try! UniformSampler(rangeMax: vocabularySize)
  let logUniform = try! LogUniformSampler(rangeMax: vocabularySize)
  let unigram = try! UnigramSampler(counts: counts, power: 0.75)
  for (samples, unique, batches) in [
    (8192, false, 2000), (64, false, 200_000), (64, true, 200_000),
  ] {
    let shape = "S=\(samples)\(unique ? " unique" : "")"
    measure(
      "Sampling.uniform \(shape)", uniform, samples: samples, unique: unique, batches: batches)
    measure(
      "Sampling.log-uniform \(shape)", logUniform, samples: samples, unique: unique,
      batches: batches)
    measure(
      "Sampling.unigram 0.75 \(shape)", unigram, samples: samples, unique: unique, batches: batches)
  }
  // The same work as one call of TensorFlow's samplers: draws plus expected counts.
  for unique in [false, true] {
    let shape = "S=64\(unique ? " unique" : "") with expected counts"
    measure(
      "Sampling.uniform \(shape)", uniform, samples: 64, unique: unique, batches: 200_000,
      expectedCounts: true)
    measure(
      "Sampling.log-uniform \(shape)", logUniform, samples: 64, unique: unique, batches: 200_000,
      expectedCounts: true)
    measure(
      "Sampling.unigram 0.75 \(shape)", unigram, samples: 64, unique: unique, batches: 200_000,
      expectedCounts: true)
  }
  // midx at the adaptive-sampler reports' shapes: corpusA's V = 10,000 and the synthetic
  // corpus's V = 1,525,408, d = 100; a rebuild's cost is the difference of each pair.
  for (words, batches) in [(10_000, 200), (1_525_408, 4)] {
    measureMidx(vocabularySize: words, dimensions: 100, rebuilding: true, batches: batches)
    measureMidx(
      vocabularySize: words, dimensions: 100, rebuilding: false, batches: batches * 50)
  }
}
