import Benchmark
import Foundation
@_spi(Kernels) import Samplex

// The loss kernels and training on one core, so that a change's cost shows before it lands:
// minibatch steps (sampled softmax and NCE at S = 64 and 1024, V = 10^5, d = 128, B = 1024;
// the full softmax at V = 2·10^4) and one skip-gram epoch over the bundled corpus.
let examplesPerSecond = BenchmarkMetric.custom(
  "K examples/s", polarity: .prefersLarger, useScalingFactor: false)
let wordsPerSecond = BenchmarkMetric.custom(
  "K words/s", polarity: .prefersLarger, useScalingFactor: false)

/// The repository root, from this file's place in it.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func seconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Log-uniform ids for 16 batches, as tf_bench.py draws them.
func batches(classes: Int, batch: Int) -> [(ids: [Int32], labels: [Int32])] {
  let law = try! LogUniformSampler(rangeMax: classes)
  var random = Xoshiro256StarStar(seed: 1)
  return (0..<16).map { _ in
    (
      (0..<batch).map { _ in law.draw(using: &random) },
      (0..<batch).map { _ in law.draw(using: &random) }
    )
  }
}

func sampledStep(_ loss: Loss, samples: Int, steps: Int) {
  let (classes, d, batch) = (100_000, 128, 1024)
  Benchmark(
    "MinibatchSampledStep \(loss.rawValue) V=100000 S=\(samples)",
    configuration: .init(metrics: [.wallClock, .mallocCountTotal, examplesPerSecond])
  ) { benchmark in
    let model = Model(vocabularySize: classes, dimensions: d, seed: 1)
    let step = try MinibatchSampledStep(
      sampler: try LogUniformSampler(rangeMax: classes), objective: loss, batch: batch,
      samples: samples, dimensions: d)
    let data = batches(classes: classes, batch: batch)
    var random = Xoshiro256StarStar(seed: 2)
    var total = 0.0
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    for index in 0..<steps {
      data[index % 16].ids.withUnsafeBufferPointer { ids in
        data[index % 16].labels.withUnsafeBufferPointer { labels in
          total += step.step(
            ids: ids, labels: labels, model: model, learningRate: 0.05, random: &random)
        }
      }
    }
    benchmark.stopMeasurement()
    blackHole(total)
    benchmark.measurement(
      examplesPerSecond, Int(Double(steps * batch) / seconds(since: start) / 1e3))
  }
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(maxDuration: .seconds(10), maxIterations: 5)
  Gemm.setThreadCount(1)
  sampledStep(.sampledSoftmax, samples: 64, steps: 200)
  sampledStep(.sampledSoftmax, samples: 1024, steps: 20)
  sampledStep(.nce, samples: 64, steps: 200)

  Benchmark(
    "FullSoftmaxStep V=20000",
    configuration: .init(metrics: [.wallClock, .mallocCountTotal, examplesPerSecond])
  ) { benchmark in
    let (classes, d, batch, steps) = (20_000, 128, 1024, 4)
    let model = Model(vocabularySize: classes, dimensions: d, seed: 1)
    let step = FullSoftmaxStep(batch: batch, dimensions: d, classes: classes)
    let data = batches(classes: classes, batch: batch)
    var total = 0.0
    let start = ContinuousClock.now
    benchmark.startMeasurement()
    for index in 0..<steps {
      data[index].ids.withUnsafeBufferPointer { ids in
        data[index].labels.withUnsafeBufferPointer { labels in
          total += step.step(ids: ids, labels: labels, model: model, learningRate: 0.05)
        }
      }
    }
    benchmark.stopMeasurement()
    blackHole(total)
    benchmark.measurement(
      examplesPerSecond, Int(Double(steps * batch) / seconds(since: start) / 1e3))
  }

  Benchmark(
    "Skip-gram epoch, negative sampling, Data/kjv.txt.zst, 1 worker",
    configuration: .init(metrics: [.wallClock, .peakMemoryResident, wordsPerSecond])
  ) { benchmark in
    let path = root.appendingPathComponent("Data/kjv.txt.zst").path
    let source = try TextSource(path: path)
    let (builder, _) = try VocabularyBuilder.counting(source, options: .init())
    let vocabulary = try builder.build(minCount: 5, corpus: path)
    var options = TrainingOptions()
    options.epochs = 1
    options.workers = 1
    options.heldOutPairs = 0
    options.progressInterval = 3600
    benchmark.startMeasurement()
    let run = try TrainerFactory.train(options: options, source: source, vocabulary: vocabulary)
    benchmark.stopMeasurement()
    benchmark.measurement(wordsPerSecond, Int(run.wordsPerSecond / 1e3))
  }
}
