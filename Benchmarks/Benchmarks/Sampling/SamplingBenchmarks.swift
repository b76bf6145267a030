import Benchmark
import Samplex

// The samplers at V = 10^6 on one core: S = 8192 with replacement (the speed targets), and
// S = 64 with and without `unique` (the shape TensorFlow's samplers are measured at).
let vocabularySize = 1_000_000
/// Zipfian counts, as a word vocabulary has.
let counts = (0..<vocabularySize).map { (id: Int) -> Double in (1e8 / Double(id + 1)).rounded(.up) }
let drawsPerSecond = BenchmarkMetric.custom(
  "M draws/s", polarity: .prefersLarger, useScalingFactor: false)

func measure(
  _ name: String, _ sampler: some CandidateSampler, samples: Int, unique: Bool, batches: Int
) {
  Benchmark(name, configuration: .init(metrics: [.wallClock, .mallocCountTotal, drawsPerSecond])) {
    benchmark in
    var random = Xoshiro256StarStar(seed: 1)
    let candidates = UnsafeMutableBufferPointer<Int32>.allocate(capacity: samples)
    defer { candidates.deallocate() }
    var checksum: Int32 = 0
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    for _ in 0..<batches {
      _ = sampler.sample(into: candidates, unique: unique, using: &random)
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
}
