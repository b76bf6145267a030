import Dispatch
import Foundation

/// One SGD step of the exact softmax cross-entropy over the whole vocabulary for a minibatch:
/// logits X·Wᵀ + b, the batch-mean sparse softmax cross-entropy, and dense updates of W and b
/// (their gradients are dense) with sparse updates of the batch's input rows.
///
/// The batch is processed in blocks of rows, so that only one block's logits (rows × V, about
/// 64M at most by default) are held, not B×V however large the vocabulary: each block's logits
/// come from one `cblas_sgemm`, become the gradient in place (softmax − one-hot, over B), and
/// feed two more products, dX_block = G·W and dW += Gᵀ·X_block.
/// Three matrix products in all, the work TensorFlow's step does, without recomputing logits.
public final class FullSoftmaxStep {
  public let batch: Int
  public let dimensions: Int
  public let classes: Int
  public let blockRows: Int
  /// Threads for the element-wise softmax of a block (OpenBLAS has its own setting).
  public let threads: Int

  private let x: UnsafeMutablePointer<Float>
  private let dx: UnsafeMutablePointer<Float>
  /// One block's logits, then gradient; an `EmbeddingTable` because the softmax threads share
  /// it (each writes only its own rows).
  private let blockTable: EmbeddingTable
  private let lossTable: EmbeddingTable
  /// The gradient of W; an `EmbeddingTable` because the update threads share it.
  private let dw: EmbeddingTable
  /// Each softmax thread's share of the bias gradient (`threads` rows of V), summed after the
  /// last block: each thread adds its rows while they are in its cache.
  private let dbParts: EmbeddingTable

  /// A step for `batch` examples over `classes` classes. By default a block holds about 64M
  /// logits (256 MB): OpenBLAS packs all of W for each block's two products with it, and with
  /// smaller blocks that packing showed (blocks of 160 rows at V = 10^5 reached 68–73% of the
  /// three products' GFLOP/s alone, blocks of 656 rows 81.8–82.2%, measured side by side).
  public init(batch: Int, dimensions: Int, classes: Int, blockRows: Int? = nil, threads: Int = 1) {
    self.batch = batch
    self.dimensions = dimensions
    self.classes = classes
    self.blockRows = max(1, min(batch, blockRows ?? max(16, (1 << 26) / classes / 16 * 16)))
    self.threads = max(1, threads)
    x = .allocate(capacity: batch * dimensions)
    dx = .allocate(capacity: batch * dimensions)
    blockTable = EmbeddingTable(rows: self.blockRows, dimensions: classes)
    lossTable = EmbeddingTable(rows: batch, dimensions: 1)
    dw = EmbeddingTable(rows: classes, dimensions: dimensions)
    dbParts = EmbeddingTable(rows: self.threads, dimensions: classes)
  }

  deinit {
    for pointer in [x, dx] { pointer.deallocate() }
  }

  /// The floating-point operations of the three matrix products of a step: 3 · 2·B·V·d.
  public var matrixFlops: Double { 6 * Double(batch) * Double(classes) * Double(dimensions) }

  /// Trains on one batch and returns its mean loss before the update.
  public func step(
    ids: UnsafeBufferPointer<Int32>, labels: UnsafeBufferPointer<Int32>, model: Model,
    learningRate: Float
  ) -> Double {
    precondition(ids.count == batch && labels.count == batch, "one id and one label per example")
    let d = dimensions
    for i in 0..<batch { (x + i * d).update(from: model.input.row(ids[i]), count: d) }
    let total = train(count: batch, labels: labels, model: model, learningRate: learningRate)
    for i in 0..<batch {
      Kernels.axpy(-learningRate, dx + i * d, model.input.row(ids[i]), count: d)
    }
    return total / Double(batch)
  }

  /// The inputs of the next `train`, one row of `dimensions` per example: the caller fills
  /// them (a context row, or the mean of a window's context rows).
  package var inputs: UnsafeMutablePointer<Float> { x }
  /// After `train`: each example's input gradient, already scaled as the loss was (the caller
  /// applies it to the rows its input came from).
  package var inputGradients: UnsafePointer<Float> { UnsafePointer(dx) }

  /// One SGD step on the first `count` (≤ `batch`) examples of `inputs`: updates W and b, leaves
  /// the input gradients in `inputGradients`, and returns the sum of the examples' losses
  /// before the update. The loss is the batch mean (TensorFlow's `reduce_mean`), or with
  /// `summed` the sum, whose step is that of `count` per-example SGD steps at the same rate
  /// (word2vec's learning rates are per example).
  package func train(
    count: Int, labels: UnsafeBufferPointer<Int32>, model: Model, learningRate: Float,
    summed: Bool = false
  ) -> Double {
    precondition(count >= 1 && count <= batch && labels.count >= count, "1…batch examples")
    precondition(model.output.rows == classes, "the output table must have one row per class")
    let (d, classes) = (dimensions, self.classes)
    let scale = summed ? 1 : 1 / Float(count)
    let dbParts = self.dbParts
    dbParts.storage.update(repeating: 0, count: threads * classes)
    let weights = model.output.storage
    let (biasTable, blockTable, lossTable) = (model.bias, self.blockTable, lossTable)
    let block = blockTable.storage
    let labelList = Array(labels.prefix(count))
    for start in stride(from: 0, to: count, by: blockRows) {
      let rows = min(blockRows, count - start)
      Gemm.multiply(
        x + start * d, by: weights, .transposed, into: block, rows: rows, columns: classes, inner: d
      )
      // Softmax − one-hot, scaled as the loss, in place, and added into the thread's share of
      // the bias gradient; rows split across threads. Three passes over a row (bias and
      // maximum, exponentials and their sum, scale and the bias gradient), each while the row
      // is in the thread's cache.
      let chunks = threads
      Self.parallel(chunks) { chunk in
        let dbPart = dbParts.row(Int32(chunk))
        for row in (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) {
          let logits = blockTable.storage + row * classes
          let label = Int(labelList[start + row])
          let maximum = Kernels.addAndMaximum(biasTable.storage, logits, count: classes)
          let trueLogit = logits[label]
          let sum = Kernels.exponentiate(logits, count: classes, shift: maximum)
          Kernels.scaleAndAccumulate(logits, by: scale / sum, into: dbPart, count: classes)
          logits[label] -= scale
          dbPart[label] -= scale
          lossTable.storage[start + row] = maximum + Foundation.log(sum) - trueLogit
        }
      }
      // dX_block = G·W (rows×V · V×d); dW (+)= Gᵀ·X_block (V×rows · rows×d).
      Gemm.multiply(
        block, by: weights, into: dx + start * d, rows: rows, columns: d, inner: classes)
      Gemm.multiply(
        block, .transposed, by: x + start * d, into: dw.storage, rows: classes, columns: d,
        inner: rows, beta: start == 0 ? 0 : 1, leadingA: classes)
    }
    // The updates of W and b, a range of classes per thread.
    let (dw, outputTable) = (self.dw, model.output)
    Self.parallel(threads) { [threads] part in
      let range = (classes * part / threads)..<(classes * (part + 1) / threads)
      guard !range.isEmpty else { return }
      Kernels.axpy(
        -learningRate, dw.row(Int32(range.lowerBound)),
        outputTable.row(Int32(range.lowerBound)), count: range.count * d)
      for thread in 0..<threads {
        Kernels.axpy(
          -learningRate, dbParts.row(Int32(thread)) + range.lowerBound,
          biasTable.storage + range.lowerBound, count: range.count)
      }
    }
    var total = 0.0
    for i in 0..<count { total += Double(lossTable.storage[i]) }
    return total
  }

  /// Runs `body(0..<count)` with part 0 on the calling thread and the others handed to
  /// Dispatch's pool, then waits. Unlike `concurrentPerform`, the caller cannot take the other
  /// parts itself while a pool thread is still waking, which serialized this step at times;
  /// unlike `StepWorkers`, nothing spins against OpenBLAS's threads during the matrix products.
  private static func parallel(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for part in 1..<max(count, 1) {
      DispatchQueue.global().async(group: group) { body(part) }
    }
    body(0)
    group.wait()
  }
}
