import Benchmark
import Samplex

// The samplers at V = 10^6 on one core: S = 8192 with replacement (the speed targets), and
// S = 64 with and without `unique` (the shape TensorFlow's samplers are measured at).
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
}
