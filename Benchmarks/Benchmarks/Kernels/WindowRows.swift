@_spi(Kernels) import Samplex

/// One training window's rows and buffers, for the benchmarks of the kernels that carry the
/// training speed: m context rows and n output rows of d floats (each its own allocation, as a
/// table's rows lie apart), the hidden vector, the logits, a gradient block G (m × n, entries
/// within ±0.025, word2vec's starting rate) beside its negation, and `windowUpdate`'s scratch.
///
/// A kernel that updates the rows takes G and −G in turn (`gradients(call:)`): the skip-gram
/// update is x ← (I + A)·x with A symmetric, so a pair of calls is I − A², which never
/// lengthens the rows, and CBOW's second call undoes most of the first. Every 1,024 calls
/// `restore` sets the rows back to where they started all the same, so that no number of calls
/// takes them towards overflow or subnormal values, which would time other paths.
final class WindowRows {
  let contextCount: Int
  let outputCount: Int
  let dimensions: Int
  let contexts: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
  let outputs: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
  let hidden: UnsafeMutablePointer<Float>
  let logits: UnsafeMutablePointer<Float>
  let scratch: WindowUpdateScratch
  /// G, then −G.
  private let gradientBlocks: UnsafeMutablePointer<Float>
  /// The context rows' values, then the output rows'.
  private let start: [Float]

  init(contexts m: Int, outputs n: Int, dimensions d: Int) {
    (contextCount, outputCount, dimensions) = (m, n, d)
    start = values((m + n) * d, seed: 7)
    contexts = .allocate(capacity: m)
    outputs = .allocate(capacity: n)
    for j in 0..<m {
      contexts[j] = .allocate(capacity: d)
      contexts[j].initialize(repeating: 0, count: d)
    }
    for k in 0..<n {
      outputs[k] = .allocate(capacity: d)
      outputs[k].initialize(repeating: 0, count: d)
    }
    hidden = .allocate(capacity: d)
    hidden.initialize(from: values(d, seed: 8), count: d)
    logits = .allocate(capacity: m * n)
    logits.initialize(repeating: 0, count: m * n)
    scratch = WindowUpdateScratch(maxContexts: m, dimensions: d)
    let block = values(m * n, seed: 9).map { $0 * 0.025 }
    gradientBlocks = .allocate(capacity: 2 * m * n)
    gradientBlocks.initialize(from: block + block.map { -$0 }, count: 2 * m * n)
    restore()
  }

  /// G for an even call, −G for an odd one; the first n entries are a CBOW window's gradients.
  func gradients(call: Int) -> UnsafePointer<Float> {
    UnsafePointer(gradientBlocks + (call & 1) * contextCount * outputCount)
  }

  /// Sets every row back to its starting values.
  func restore() {
    let d = dimensions
    start.withUnsafeBufferPointer { values in
      for j in 0..<contextCount { contexts[j].update(from: values.baseAddress! + j * d, count: d) }
      for k in 0..<outputCount {
        outputs[k].update(from: values.baseAddress! + (contextCount + k) * d, count: d)
      }
    }
  }

  deinit {
    for j in 0..<contextCount { contexts[j].deallocate() }
    for k in 0..<outputCount { outputs[k].deallocate() }
    contexts.deallocate()
    outputs.deallocate()
    hidden.deallocate()
    logits.deallocate()
    scratch.deallocate()
    gradientBlocks.deallocate()
  }
}
