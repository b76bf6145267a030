import Benchmark
import Foundation
import Samplex

// The input pipeline's stages on a real corpus. SAMPLEX_BENCH_CORPUS names the plain text file
// (default: the bundled Bible, decompressed to a temporary file); SAMPLEX_BENCH_CORPUS_ZST names
// its compressed twin (default: Data/kjv.txt.zst).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let compressedCorpus =
  ProcessInfo.processInfo.environment["SAMPLEX_BENCH_CORPUS_ZST"]
  ?? repository.appendingPathComponent("Data/kjv.txt.zst").path
let plainCorpus: String = {
  if let path = ProcessInfo.processInfo.environment["SAMPLEX_BENCH_CORPUS"] { return path }
  let path = NSTemporaryDirectory() + "/samplex-bench-kjv.txt"
  if !FileManager.default.fileExists(atPath: path) {
    var reader = try! TextSource(path: compressedCorpus).sequentialReader()
    var bytes: [UInt8] = []
    while case let chunk = try! reader.readBytes(count: 1 << 20), !chunk.isEmpty { bytes += chunk }
    try! Data(bytes).write(to: URL(fileURLWithPath: path))
  }
  return path
}()

/// Megabytes of text per second, the unit the targets are stated in.
let megabytesPerSecond = BenchmarkMetric.custom(
  "MB/s", polarity: .prefersLarger, useScalingFactor: false)

func report(_ benchmark: Benchmark, bytes: Int, since start: ContinuousClock.Instant) {
  let elapsed = ContinuousClock.now - start
  let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / 1e6 / seconds))
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident, megabytesPerSecond], maxDuration: .seconds(20),
    maxIterations: 5)

  for (name, path) in [("plain", plainCorpus), ("zst", compressedCorpus)] {
    Benchmark("Corpus.vocabulary pass \(name)") { benchmark in
      let start = ContinuousClock.now
      let counted = try VocabularyBuilder.counting(TextSource(path: path), options: .init())
      blackHole(try counted.builder.build(minCount: 5, corpus: path))
      report(benchmark, bytes: counted.statistics.bytes, since: start)
    }
  }

  // word2vec's settings: window 5, subsample 1e-4, min_count 5; one worker.
  Benchmark("Corpus.epoch stream plain, 1 worker") { benchmark in
    let source = try TextSource(path: plainCorpus)
    let vocabulary = try VocabularyBuilder.counting(source, options: .init()).builder
      .build(minCount: 5, corpus: plainCorpus)
    let epoch = EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: 1e-4),
      tokenizerOptions: .init())
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    let results = try epoch.countWindows(window: 5, workers: 1, seed: 1)
    benchmark.stopMeasurement()
    blackHole(results[0].summary.checksum)
    report(benchmark, bytes: results[0].statistics.bytes, since: start)
  }
}
