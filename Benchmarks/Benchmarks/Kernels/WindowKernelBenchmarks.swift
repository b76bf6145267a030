import Benchmark
@_spi(Kernels) import Samplex

// The kernels of one training window at word2vec's defaults (d = 100, window 5: ten context
// rows; five negatives: six output rows), each fused form beside its plain reference, so that
// the suite shows what each fusion buys: skip-gram's logits (dotBlock) and update
// (windowUpdate6, and windowUpdate's grouped form at 15 negatives), CBOW's mean (scaledSum),
// logits (dotRow) and update (cbowUpdate).
let windowDimensions = 100
let windowContexts = 10
let windowOutputs = 6

/// A benchmark of one kernel call on a window's rows (`WindowRows`), the gradient block of the
/// call passed along; the rows are set back every 1,024 calls, inside the measurement (about
/// one row copy per call in a thousand, for the fast form and the reference alike).
func windowBenchmark(
  _ name: String, outputs n: Int = windowOutputs,
  body: @escaping (WindowRows, UnsafePointer<Float>) -> Void
) {
  Benchmark(
    name,
    configuration: .init(
      metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo)
  ) { benchmark in
    let rows = WindowRows(contexts: windowContexts, outputs: n, dimensions: windowDimensions)
    benchmark.startMeasurement()
    for call in benchmark.scaledIterations {
      body(rows, rows.gradients(call: call))
      if call & 1023 == 1023 { rows.restore() }
    }
    benchmark.stopMeasurement()
  }
}

func windowKernelBenchmarks() {
  let d = windowDimensions
  let m = windowContexts
  let n = windowOutputs
  let shape = "d=\(d) m=\(m) n=\(n)"
  windowBenchmark("Kernels.dotBlock \(shape)") { rows, _ in
    Kernels.dotBlock(
      rows: rows.contexts, rowCount: m, columns: rows.outputs, columnCount: n, count: d,
      into: rows.logits)
  }
  windowBenchmark("Kernels.dotBlockReference \(shape)") { rows, _ in
    Kernels.dotBlockReference(
      rows: rows.contexts, rowCount: m, columns: rows.outputs, columnCount: n, count: d,
      into: rows.logits)
  }
  windowBenchmark("Kernels.windowUpdate6 \(shape)") { rows, g in
    Kernels.windowUpdate6(
      contexts: rows.contexts, contextCount: m, outputs: rows.outputs, gradients: g, count: d)
  }
  windowBenchmark("Kernels.windowUpdateReference \(shape)") { rows, g in
    Kernels.windowUpdateReference(
      contexts: rows.contexts, contextCount: m, outputs: rows.outputs, outputCount: n,
      gradients: g, scratch: rows.scratch, count: d)
  }
  let negatives = 15
  let grouped = "d=\(d) m=\(m) n=\(negatives + 1)"
  windowBenchmark("Kernels.windowUpdate \(grouped) (grouped)", outputs: negatives + 1) { rows, g in
    Kernels.windowUpdate(
      contexts: rows.contexts, contextCount: m, outputs: rows.outputs,
      outputCount: negatives + 1, gradients: g, scratch: rows.scratch, count: d)
  }
  windowBenchmark("Kernels.windowUpdateReference \(grouped)", outputs: negatives + 1) { rows, g in
    Kernels.windowUpdateReference(
      contexts: rows.contexts, contextCount: m, outputs: rows.outputs,
      outputCount: negatives + 1, gradients: g, scratch: rows.scratch, count: d)
  }
  windowBenchmark("Kernels.scaledSum d=\(d) m=\(m)") { rows, _ in
    Kernels.scaledSum(
      of: rows.contexts, rowCount: m, scale: 1 / Float(m), into: rows.hidden, count: d)
  }
  windowBenchmark("Kernels.scaledSumReference d=\(d) m=\(m)") { rows, _ in
    Kernels.scaledSumReference(
      of: rows.contexts, rowCount: m, scale: 1 / Float(m), into: rows.hidden, count: d)
  }
  windowBenchmark("Kernels.dotRow d=\(d) n=\(n)") { rows, _ in
    Kernels.dotRow(rows.hidden, columns: rows.outputs, columnCount: n, count: d, into: rows.logits)
  }
  windowBenchmark("Kernels.dotRowReference d=\(d) n=\(n)") { rows, _ in
    Kernels.dotRowReference(
      rows.hidden, columns: rows.outputs, columnCount: n, count: d, into: rows.logits)
  }
  windowBenchmark("Kernels.cbowUpdate \(shape)") { rows, g in
    Kernels.cbowUpdate(
      hidden: rows.hidden, outputs: rows.outputs, gradients: g, outputCount: n,
      contexts: rows.contexts, contextCount: m, count: d)
  }
  windowBenchmark("Kernels.cbowUpdateReference \(shape)") { rows, g in
    Kernels.cbowUpdateReference(
      hidden: rows.hidden, outputs: rows.outputs, gradients: g, outputCount: n,
      contexts: rows.contexts, contextCount: m, count: d)
  }
}
