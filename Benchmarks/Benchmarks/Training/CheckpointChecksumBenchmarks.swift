import Benchmark
@_spi(Fuzzing) import Samplex

let megabytesPerSecond = BenchmarkMetric.custom(
  "MB/s", polarity: .prefersLarger, useScalingFactor: false)

/// The checkpoint checksum over 256 MB (about a checkpoint of V = 3.3·10^5 words at d = 100,
/// both tables), beside a plain copy of the same bytes: `Checkpoint.resealed` sums the bytes
/// and copies them, so the two rates together say what the sum costs against memory speed.
func checkpointChecksum() {
  let count = 256 << 20
  let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
    var random = Xoshiro256StarStar(seed: 3)
    let raw = UnsafeMutableRawBufferPointer(buffer)
    for offset in stride(from: 0, to: count, by: 8) {
      raw.storeBytes(of: random.next(), toByteOffset: offset, as: UInt64.self)
    }
    initialized = count
  }
  Benchmark(
    "Checkpoint checksum and copy, 256 MB",
    configuration: .init(metrics: [.wallClock, megabytesPerSecond])
  ) { benchmark in
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    let sealed = Checkpoint.resealed(bytes)
    benchmark.stopMeasurement()
    blackHole(sealed)
    benchmark.measurement(megabytesPerSecond, Int(256 / seconds(since: start)))
  }
  Benchmark(
    "Copy alone, 256 MB",
    configuration: .init(metrics: [.wallClock, megabytesPerSecond])
  ) { benchmark in
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    var copy = bytes
    copy[copy.count - 1] ^= 1
    benchmark.stopMeasurement()
    blackHole(copy)
    benchmark.measurement(megabytesPerSecond, Int(256 / seconds(since: start)))
  }
}
