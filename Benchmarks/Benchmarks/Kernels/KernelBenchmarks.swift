import Benchmark
@_spi(Kernels) import Samplex

// The kernels that carry the training speed, each SIMD form beside its plain-loop reference
// (the `…Reference` functions, llm.c's dev/cpu): a dot and an axpy of d = 128 (one logit and
// one row update), a training window's kernels (WindowKernelBenchmarks.swift), a minibatch
// step's pass over a row of 4096 logits, and the full softmax itself, forward and backward,
// for a batch of 64 over V = 10^4 classes (tiled cblas_sgemm).
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

/// A benchmark of one pass over a row of `rowWidth` logits, with corrections spread over ±20
/// (b − log Q) and the running sums the pass adds into.
func rowPassBenchmark(
  _ name: String,
  body:
    @escaping (UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>)
    -> Void
) {
  Benchmark(
    name,
    configuration: .init(
      metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo)
  ) { benchmark in
    let corrections = values(rowWidth, seed: 3).map { $0 * 20 }
    var row = corrections
    var sums = [Float](repeating: 0, count: rowWidth)
    corrections.withUnsafeBufferPointer { corrections in
      row.withUnsafeMutableBufferPointer { row in
        sums.withUnsafeMutableBufferPointer { sums in
          benchmark.startMeasurement()
          for _ in benchmark.scaledIterations {
            body(row.baseAddress!, corrections.baseAddress!, sums.baseAddress!)
          }
          benchmark.stopMeasurement()
        }
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

  windowKernelBenchmarks()

  // The softmax rows of a minibatch step: the corrections added and the maximum taken, the
  // exponentials and their sum, the row scaled to probabilities and added into the bias
  // gradient. A call leaves probabilities in the row, so the next call's logits are the
  // corrections again, up to at most 1: every call sees the same spread of logits.
  rowPassBenchmark("Kernels.row softmax pass, 4096 logits") { row, corrections, sums in
    let largest = Kernels.addAndMaximum(corrections, row, count: rowWidth)
    let sum = Kernels.exponentiate(row, count: rowWidth, shift: largest)
    Kernels.scaleAndAccumulate(row, by: 1 / sum, into: sums, count: rowWidth)
  }
  rowPassBenchmark("Kernels.row softmax pass reference, 4096 logits") { row, corrections, sums in
    let largest = Kernels.addAndMaximumReference(corrections, row, count: rowWidth)
    let sum = Kernels.exponentiateReference(row, count: rowWidth, shift: largest)
    Kernels.scaleAndAccumulateReference(row, by: 1 / sum, into: sums, count: rowWidth)
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
