import Benchmark
import Samplex

// The loss kernels, each SIMD form beside its plain-loop reference (llm.c's dev/cpu): a dot
// and an axpy of d = 128 (one logit and one row update of a window), a row's max and
// exp-and-sum over 4096 logits (a full-softmax tile row), and the full softmax itself, forward
// and backward, for a batch of 64 over V = 10^4 classes (tiled cblas_sgemm).
let dimensions = 128
let rowWidth = 4096

/// Values in [-1, 1) from a fixed generator.
func values(_ count: Int, seed: UInt64) -> [Float] {
  var random = Xoshiro256StarStar(seed: seed)
  return (0..<count).map { _ in Float(random.next() >> 40) * 0x1p-24 * 2 - 1 }
}

func pairBenchmark(
  _ name: String, body: @escaping (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Float
) {
  Benchmark(
    name,
    configuration: .init(
      metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo)
  ) { benchmark in
    var a = values(dimensions, seed: 1)
    var b = values(dimensions, seed: 2)
    a.withUnsafeMutableBufferPointer { a in
      b.withUnsafeMutableBufferPointer { b in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
          blackHole(body(UnsafePointer(a.baseAddress!), b.baseAddress!))
        }
        benchmark.stopMeasurement()
      }
    }
  }
}

let benchmarks: @Sendable () -> Void = {
  pairBenchmark("Kernels.dot d=128") { Kernels.dot($0, $1, count: dimensions) }
  pairBenchmark("Kernels.dotReference d=128") { Kernels.dotReference($0, $1, count: dimensions) }
  pairBenchmark("Kernels.axpy d=128") {
    Kernels.axpy(1e-3, $0, $1, count: dimensions)
    return $1[0]
  }
  pairBenchmark("Kernels.axpyReference d=128") {
    Kernels.axpyReference(1e-3, $0, $1, count: dimensions)
    return $1[0]
  }

  Benchmark(
    "Kernels.row max and exp-sum, 4096 logits",
    configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo)
  ) { benchmark in
    let logits = values(rowWidth, seed: 3).map { $0 * 20 }
    var row = logits
    row.withUnsafeMutableBufferPointer { row in
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations {
        // exponentiate overwrites the row; the max is taken first, as FullSoftmax does.
        let largest = Kernels.maximum(row.baseAddress!, count: rowWidth)
        blackHole(Kernels.exponentiate(row.baseAddress!, count: rowWidth, shift: largest))
        benchmark.stopMeasurement()
        for index in 0..<rowWidth { row[index] = logits[index] }
        benchmark.startMeasurement()
      }
      benchmark.stopMeasurement()
    }
  }

  Benchmark(
    "Losses.full softmax B=64 V=10^4 d=128, forward and backward",
    configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal])
  ) { benchmark in
    let classes = 10_000
    let batch = 64
    let inputs = values(batch * dimensions, seed: 4)
    let weights = values(classes * dimensions, seed: 5)
    let biases = values(classes, seed: 6)
    let labels = (0..<batch).map { Int32($0 * 97 % classes) }
    let softmax = FullSoftmax(dimensions: dimensions)
    inputs.withUnsafeBufferPointer { x in
      weights.withUnsafeBufferPointer { w in
        biases.withUnsafeBufferPointer { b in
          benchmark.startMeasurement()
          for _ in benchmark.scaledIterations {
            blackHole(
              softmax.evaluate(inputs: x, weights: w, biases: b, labels: labels, gradients: true))
          }
          benchmark.stopMeasurement()
        }
      }
    }
  }
}
