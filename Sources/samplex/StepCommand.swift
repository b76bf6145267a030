import ArgumentParser
import Foundation
@_spi(Kernels) import Samplex

struct StepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "step",
    abstract:
      "Time minibatch training steps of a loss, as BENCHMARKS.md times TensorFlow's against them.",
    discussion: """
      A step is the forward pass, the backward pass and a plain SGD update (learning rate \
      0.05) of the touched rows: the batch's input rows, the output rows and biases of labels \
      and candidates (all of W and b for the full softmax). Ids follow the log-uniform law, as \
      in the TensorFlow benchmark BENCHMARKS.md compares with; sampled softmax and NCE draw \
      unique log-uniform candidates once per batch, TensorFlow's defaults. 'matmul' times the full softmax's three matrix products \
      alone (X·Wᵀ, G·W, Gᵀ·X), the ceiling the full-softmax step is compared with. Prints one \
      JSON object per run.

      Examples:
        samplex step --loss sampled-softmax --vocab-size 1000000 --samples 64
        samplex step --loss full-softmax --vocab-size 100000
      """)

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case sampledSoftmax = "sampled-softmax"
    case nce
    case negativeSampling = "negative-sampling"
    case fullSoftmax = "full-softmax"
    case matmul

    /// The sampled loss a step of this kind trains (nil: the full softmax and its products).
    var objective: Loss? { Loss(rawValue: rawValue).flatMap { $0.drawsCandidates ? $0 : nil } }
  }

  @Option(help: "sampled-softmax, nce, negative-sampling, full-softmax or matmul.")
  var loss: Kind = .sampledSoftmax

  @Option(help: "Classes V (default 1000000 for sampled losses, 100000 for the full softmax).")
  var vocabSize: Int?

  @Option(help: "Vector size d.")
  var dim = 128

  @Option(help: "Examples per step B.")
  var batch = 1024

  @Option(help: "Candidates per step S (sampled softmax and NCE).")
  var samples = 64

  @Option(
    help:
      "Rows of the batch whose logits the full softmax holds at once (default: 64M floats' worth).")
  var blockRows: Int?

  @Flag(
    help:
      "With --loss full-softmax, also time the three products alone, alternating with the step, and report the step's share of their speed."
  )
  var withMatmul = false

  @Option(help: "Untimed steps first.")
  var warmup = 5

  @Option(help: "Timed steps per repeat.")
  var steps = 40

  @Option(help: "Repeats; the median repeat is reported.")
  var repeats = 5

  @Option(help: "Threads for OpenBLAS and the element-wise work.")
  var threads = 2

  @Option(help: "Append the JSON object to this file too.")
  var json: String?

  func validate() throws {
    for (name, value) in [
      ("--dim", dim), ("--batch", batch), ("--samples", samples), ("--steps", steps),
      ("--repeats", repeats), ("--threads", threads),
    ] where value < 1 {
      throw ValidationError("\(name) must be at least 1.")
    }
    if let vocabSize, vocabSize < 2 { throw ValidationError("--vocab-size must be at least 2.") }
    if let vocabSize, vocabSize > Int(Int32.max) {
      throw ValidationError("--vocab-size must be at most \(Int32.max): a class id is 32 bits.")
    }
  }

  /// Bytes the step allocates before it runs, in Floats: the model (U, W, b) and the step's
  /// buffers (the sampled step's B×S logits and candidate rows, the full softmax's block of
  /// logits and W's gradient), or the matmul suite's six matrices; nil when it overflows.
  func floats(classes: Int) -> Int? {
    let (b, v, d, s) = (batch, classes, dim, samples)
    let model = MemoryCheck.product(v, 2 * d + 1)
    func product(_ factors: Int...) -> Int? { MemoryCheck.product(factors) }
    switch loss {
    case .sampledSoftmax, .nce, .negativeSampling:
      return MemoryCheck.sum([model, product(b, s), product(2, b, d), product(2, s, d)])
    case .fullSoftmax:
      return MemoryCheck.sum([
        model, product(b, v), product(v, d), product(threads, v), product(2, b, d),
        withMatmul ? product(2, b, v) : 0, withMatmul ? product(2, v, d) : 0,
      ])
    case .matmul:
      return MemoryCheck.sum([product(2, b, v), product(2, v, d), product(2, b, d)])
    }
  }

  func run() throws {
    let classes = vocabSize ?? (loss == .fullSoftmax || loss == .matmul ? 100_000 : 1_000_000)
    try MemoryCheck.require(
      floats(classes: classes).flatMap { MemoryCheck.product($0, MemoryLayout<Float>.size) },
      for: "a step over \(classes) classes at \(dim) dimensions",
      remedy: "lower --vocab-size, --dim, --batch or --samples")
    // The sampled steps split the batch across their own threads, each calling OpenBLAS
    // single-threaded; the full softmax's large products use OpenBLAS's threads.
    Gemm.setThreadCount(loss.objective == nil ? threads : 1)
    defer { Gemm.stopIdleThreads() }
    let law = try LogUniformSampler(rangeMax: classes)
    var random = Xoshiro256StarStar(seed: 1)
    let batches = (0..<16).map { _ in
      (
        ids: (0..<batch).map { _ in law.draw(using: &random) },
        labels: (0..<batch).map { _ in law.draw(using: &random) }
      )
    }
    var result: [String: Any] = [
      "suite": loss.rawValue, "V": classes, "d": dim, "B": batch, "threads": threads,
      "blas_kernels": Gemm.kernelName,
    ]
    let times: [Double]
    switch loss {
    case .sampledSoftmax, .nce, .negativeSampling:
      let model = Model(vocabularySize: classes, dimensions: dim, seed: 1)
      let step = try MinibatchSampledStep(
        sampler: law, objective: loss.objective!, batch: batch, samples: samples,
        dimensions: dim, threads: threads)
      result["num_sampled"] = samples
      var lastLoss = 0.0
      times = measure { index in
        batches[index % 16].ids.withUnsafeBufferPointer { ids in
          batches[index % 16].labels.withUnsafeBufferPointer { labels in
            lastLoss = step.step(
              ids: ids, labels: labels, model: model, learningRate: 0.05, random: &random)
          }
        }
      }
      result["final_loss"] = lastLoss
    case .fullSoftmax:
      let model = Model(vocabularySize: classes, dimensions: dim, seed: 1)
      let step = FullSoftmaxStep(
        batch: batch, dimensions: dim, classes: classes, blockRows: blockRows, threads: threads)
      var lastLoss = 0.0
      let stepBody: (Int) -> Void = { index in
        batches[index % 16].ids.withUnsafeBufferPointer { ids in
          batches[index % 16].labels.withUnsafeBufferPointer { labels in
            lastLoss = step.step(ids: ids, labels: labels, model: model, learningRate: 0.05)
          }
        }
      }
      if withMatmul {
        // Alternating repeats: the step's share of the products' speed is taken per adjacent
        // pair, so that a change in the machine's speed between them cancels.
        let products = MatrixProducts(batch: batch, classes: classes, dimensions: dim)
        let both = measure([stepBody, { _ in products.run() }])
        times = both[0]
        result["matmul_gflops_median"] = step.matrixFlops / median(both[1]) / 1e9
        result["fraction_of_matmul_median"] = median(zip(both[1], both[0]).map { $0 / $1 })
        result["fraction_of_matmul_all"] = zip(both[1], both[0]).map { $0 / $1 }
      } else {
        times = measure(stepBody)
      }
      result["final_loss"] = lastLoss
      result["block_rows"] = step.blockRows
      result["gflops_median"] = step.matrixFlops / median(times) / 1e9
      result["gflops_best"] = step.matrixFlops / (times.min() ?? 1) / 1e9
    case .matmul:
      let products = MatrixProducts(batch: batch, classes: classes, dimensions: dim)
      times = measure { _ in products.run() }
      let flops = 6 * Double(batch) * Double(classes) * Double(dim)
      result["gflops_median"] = flops / median(times) / 1e9
      result["gflops_best"] = flops / (times.min() ?? 1) / 1e9
    }
    result["step_s_median"] = median(times)
    result["step_s_min"] = times.min() ?? 0
    result["examples_per_s"] = Double(batch) / median(times)
    result["examples_per_s_best"] = Double(batch) / (times.min() ?? 1)
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    let line = String(decoding: data, as: UTF8.self)
    TerminalOutput.line(line)
    if let json {
      let handle =
        FileHandle(forWritingAtPath: json)
        ?? {
          _ = FileManager.default.createFile(atPath: json, contents: nil)
          return FileHandle(forWritingAtPath: json)
        }()
      guard let handle else { throw CorpusError.unwritable(path: json, reason: "cannot open") }
      handle.seekToEndOfFile()
      handle.write((line + "\n").data(using: .utf8)!)
      handle.closeFile()
    }
  }

  /// Seconds per step of each repeat, after the warm-up steps.
  private func measure(_ body: (Int) -> Void) -> [Double] {
    withoutActuallyEscaping(body) { measure([$0])[0] }
  }

  /// Seconds per step of each repeat of each body, the bodies taking turns repeat by repeat.
  private func measure(_ bodies: [(Int) -> Void]) -> [[Double]] {
    var index = 0
    for body in bodies {
      for _ in 0..<warmup {
        body(index)
        index += 1
      }
    }
    var times = [[Double]](repeating: [], count: bodies.count)
    let clock = ContinuousClock()
    for _ in 0..<repeats {
      for (which, body) in bodies.enumerated() {
        let start = clock.now
        for _ in 0..<steps {
          body(index)
          index += 1
        }
        let elapsed = clock.now - start
        times[which].append(elapsed.seconds / Double(steps))
      }
    }
    return times
  }
}

/// The three products of tf_bench.py's `matmul` suite at full batch size, alone: A = X·Wᵀ
/// (B×V), C = G·W (B×d), E = Gᵀ·X (V×d), on random matrices made once.
private final class MatrixProducts {
  let batch: Int
  let classes: Int
  let dimensions: Int
  var w: [Float], x: [Float], g: [Float], a: [Float], c: [Float], e: [Float]

  init(batch: Int, classes: Int, dimensions: Int) {
    (self.batch, self.classes, self.dimensions) = (batch, classes, dimensions)
    var random = Xoshiro256StarStar(seed: 2)
    w = (0..<(classes * dimensions)).map { _ in Float.random(in: -1...1, using: &random) }
    x = (0..<(batch * dimensions)).map { _ in Float.random(in: -1...1, using: &random) }
    g = (0..<(batch * classes)).map { _ in Float.random(in: -1...1, using: &random) }
    a = [Float](repeating: 0, count: batch * classes)
    c = [Float](repeating: 0, count: batch * dimensions)
    e = [Float](repeating: 0, count: classes * dimensions)
  }

  func run() {
    let (batch, classes, d) = (batch, classes, dimensions)
    w.withUnsafeBufferPointer { w in
      x.withUnsafeBufferPointer { x in
        g.withUnsafeBufferPointer { g in
          a.withUnsafeMutableBufferPointer { a in
            Gemm.multiply(
              x.baseAddress!, by: w.baseAddress!, .transposed, into: a.baseAddress!, rows: batch,
              columns: classes, inner: d)
          }
          c.withUnsafeMutableBufferPointer { c in
            Gemm.multiply(
              g.baseAddress!, by: w.baseAddress!, into: c.baseAddress!, rows: batch, columns: d,
              inner: classes)
          }
          e.withUnsafeMutableBufferPointer { e in
            Gemm.multiply(
              g.baseAddress!, .transposed, by: x.baseAddress!, into: e.baseAddress!, rows: classes,
              columns: d, inner: batch, leadingA: classes)
          }
        }
      }
    }
  }
}
