import Benchmark
@_spi(Kernels) import Samplex

// The samplers at V = 10^6 on one core: S = 8192 with replacement (the speed targets), and
// S = 64 with and without `unique` (the shape TensorFlow's samplers are measured at); and
// `midx`'s batch alone, with a refit of its codebooks and with a first fit.
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

/// How often a `midx` benchmark's batches fit the codebooks.
enum MidxFits: String {
  /// Never after the fit before the measurement: the batch's draw alone.
  case never = ""
  /// Every batch refits from the last codebooks (`rebuildEvery` 1).
  case refit = " refitting every batch"
  /// Every batch makes a new draw, whose first batch fits from random rows: a run's first fit.
  case first = " fitting afresh every batch"
}

/// `midx` on a batch of B = 256 queries and S = 64 candidates over `vocabularySize` output rows
/// of `dimensions` (filled at random), K = 64, with one OpenBLAS thread as a training worker
/// has: `batches` draws, fitting as `fits` says. A fit's cost is a batch's time less the time
/// of a batch that does not fit, timed apart from the batch's.
func measureMidx(vocabularySize: Int, dimensions: Int, fits: MidxFits, batches: Int) {
  let name = "Sampling.midx V=\(vocabularySize) d=\(dimensions) K=64 B=256 S=64" + fits.rawValue
  Benchmark(name, configuration: .init(metrics: [.wallClock, microsecondsPerBatch])) {
    benchmark in
    Gemm.setThreadCount(1)
    let (batch, samples) = (256, 64)
    let model = Model(vocabularySize: vocabularySize, dimensions: dimensions, seed: 1)
    model.output.fillUniform(scale: 0.5, seed: 2)
    let sampler = try! InvertedMultiIndexSampler(
      rangeMax: vocabularySize, codewords: 64, rebuildEvery: fits == .refit ? 1 : Int.max)
    var draw = sampler.makeDraw(batch: batch, samples: samples, dimensions: dimensions)
    var random = Xoshiro256StarStar(seed: 1)
    let queryTable = EmbeddingTable(rows: batch, dimensions: dimensions)
    queryTable.fillUniform(scale: 0.5, seed: 3)
    let queryValues = queryTable.array
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
        if fits == .first {
          draw = sampler.makeDraw(batch: batch, samples: samples, dimensions: dimensions)
        }
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
  // corpus's V = 1,525,408, d = 100; a fit's cost is its batch's time less the draw alone.
  for (words, batches) in [(10_000, 100), (1_525_408, 3)] {
    measureMidx(vocabularySize: words, dimensions: 100, fits: .never, batches: batches * 100)
    measureMidx(vocabularySize: words, dimensions: 100, fits: .refit, batches: batches)
    measureMidx(vocabularySize: words, dimensions: 100, fits: .first, batches: batches)
  }
}
