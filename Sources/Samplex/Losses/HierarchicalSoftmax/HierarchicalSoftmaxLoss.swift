/// The hierarchical softmax (word2vec's `-hs 1`, gensim's `hs=1`, fastText's `-loss hs`): the
/// centre word's probability is the product of logistic decisions along its path in the
/// vocabulary's Huffman tree (`HuffmanTree`), so one prediction costs its path's length (about
/// log2 V inner nodes, fewer for frequent words) and the model stays normalized at any V.
///
/// The output table's rows are the tree's inner nodes. At node n with branch code c the label
/// is 1 − c, the loss softplus(−z) for c = 0 and softplus(z) for c = 1 (z = h·w_n), and
/// ∂loss/∂z = σ(z) − (1 − c): word2vec's `g = (1 − code − f)·alpha` with the sign of a
/// gradient. Unlike word2vec.c and gensim, nodes with |z| ≥ 6 are not skipped: a confident wrong
/// decision keeps its gradient (σ and softplus from `Kernels.sigmoidAndSoftplus`, eight at a
/// time, the last few of a window from `LogisticTable`).
///
/// Skip-gram shares the centre's path among the window's context words as the window losses
/// share candidates: all logits from the rows as they were, then both updates at once, the
/// contexts held in registers while the path's rows stream past (`Kernels.pathUpdate`). CBOW
/// predicts the centre from the mean of the context rows and gives every context row the hidden
/// vector's update (`Kernels.cbowUpdate`), as word2vec.c does.
package struct HierarchicalSoftmaxLoss: TrainingLoss {
  /// The worker's copies of the most-used inner nodes, which it trains in place of the shared
  /// rows (`HotNodeCopies`).
  package typealias State = HotNodeCopies
  package let tree: HuffmanTree
  package let architecture: Architecture
  let table = LogisticTable()

  package init(tree: HuffmanTree, architecture: Architecture) {
    self.tree = tree
    self.architecture = architecture
  }

  package var outputLayer: OutputLayer { .tree(tree) }

  /// The top 127 inner nodes by count (about the first seven levels below the root, 50 KB at
  /// d = 100), added back every 256 windows: a worker's copies then lag the others' changes by
  /// a few hundred words.
  static var hotNodes: Int { 127 }
  static var syncWindows: Int { 256 }

  package func makeState(model: Model) -> HotNodeCopies {
    HotNodeCopies(table: model.output, innerNodes: max(0, tree.leafCount - 1), count: Self.hotNodes)
  }

  /// Adds the worker's changes to the hot nodes to the shared rows: publishing is where a
  /// checkpoint, the held-out score and the processes' synchronization read the model.
  package func flush(model: Model, workspace: inout Workspace, state: State, learningRate: Float) {
    state.sync(with: model.output)
  }

  /// The output rows a window needs: the longest path.
  package var maxOutputs: Int { max(1, tree.maxCodeLength) }

  /// At most the longest path, which stays below 128 for any vocabulary: a Huffman path of n
  /// nodes needs a total count of at least the (n + 1)th Fibonacci number, so 64-bit counts
  /// keep it below 93, and the interval is 10,000 words.
  package var outputsPerExample: Int { maxOutputs }

  package func train(
    centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model, workspace: inout Workspace,
    state: State, learningRate: Float
  ) {
    let start = tree.offsets[Int(centre)]
    let n = tree.offsets[Int(centre) + 1] - start
    // A one-word vocabulary: the centre is certain, nothing to learn.
    guard n > 0 else { return }
    let outputRows = workspace.outputRows.baseAddress!
    let labels = workspace.blockLabels.baseAddress!
    tree.points.withUnsafeBufferPointer { points in
      tree.codes.withUnsafeBufferPointer { codes in
        for k in 0..<n {
          outputRows[k] = state.row(points[start + k], of: model.output)
          labels[k] = 1 - Float(codes[start + k])
        }
      }
    }
    let d = model.dimensions
    let m = contexts.count
    let contextRows = workspace.contextRows.baseAddress!
    for j in 0..<m { contextRows[j] = model.input.row(contexts[j]) }
    let block = workspace.gradientBlock.baseAddress!
    switch architecture {
    case .skipGram:
      Kernels.dotBlock(
        rows: contextRows, rowCount: m, columns: outputRows, columnCount: n, count: d, into: block)
      // Every context predicts the same centre: the path's labels once per row of the block.
      var j = 1
      while j < m {
        (labels + j * n).update(from: labels, count: n)
        j += 1
      }
      let loss = decide(block, labels: labels, count: m * n, learningRate: learningRate)
      workspace.lossSum += Double(loss)
      workspace.lossCount += m
      Kernels.pathUpdate(
        contexts: contextRows, contextCount: m, path: outputRows, pathCount: n, gradients: block,
        count: d)
    case .cbow:
      let hidden = workspace.hidden.baseAddress!
      Kernels.scaledSum(of: contextRows, rowCount: m, scale: 1 / Float(m), into: hidden, count: d)
      Kernels.dotRow(hidden, columns: outputRows, columnCount: n, count: d, into: block)
      let loss = decide(block, labels: labels, count: n, learningRate: learningRate)
      Kernels.cbowUpdate(
        hidden: hidden, outputs: outputRows, gradients: block, outputCount: n,
        contexts: contextRows, contextCount: m, count: d)
      workspace.lossSum += Double(loss)
      workspace.lossCount += 1
    }
    state.windowsSinceSync &+= 1
    if state.windowsSinceSync >= Self.syncWindows { state.sync(with: model.output) }
  }

  /// Replaces `count` logits of path decisions by their gradients scaled by −learning rate, and
  /// returns the decisions' loss: eight at a time (`Kernels.sigmoidAndSoftplus`), the last
  /// count mod 8 from the table.
  @inline(__always)
  private func decide(
    _ logits: UnsafeMutablePointer<Float>, labels: UnsafeMutablePointer<Float>, count: Int,
    learningRate: Float
  ) -> Float {
    let rate = SIMD8<Float>(repeating: -learningRate)
    var sums = SIMD8<Float>()
    var index = 0
    while index &+ 8 <= count {
      let offset = index &* 4
      let z = UnsafeRawPointer(logits).loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
      let y = UnsafeRawPointer(labels).loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
      let (sigmoid, softplus) = Kernels.sigmoidAndSoftplus(z)
      // softplus(−z) = softplus(z) − z: the loss of either label without a branch.
      sums += softplus - y * z
      UnsafeMutableRawPointer(logits).storeBytes(
        of: rate * (sigmoid - y), toByteOffset: offset, as: SIMD8<Float>.self)
      index &+= 8
    }
    var loss = sums.sum()
    for k in index..<count {
      let z = logits[k]
      let (sigmoid, softplus) = table.sigmoidAndSoftplus(z)
      loss += softplus - labels[k] * z
      logits[k] = -learningRate * (sigmoid - labels[k])
    }
    return loss
  }

  /// The next centre's path rows below the first few (those near the root are in cache: every
  /// prediction reads them) and the entering context word's input row.
  @inline(__always)
  package func prefetch(centre: Int32, context: Int32, model: Model) {
    let start = tree.offsets[Int(centre)]
    let end = tree.offsets[Int(centre) + 1]
    tree.points.withUnsafeBufferPointer { points in
      for index in min(start + Self.cachedDepth, end)..<end {
        Kernels.prefetch(model.output.row(points[index]), count: model.dimensions)
      }
    }
    Kernels.prefetch(model.input.row(context), count: model.dimensions)
  }

  /// Depths whose nodes every few predictions read: 2^4 − 1 = 15 rows, 6 KB at d = 100.
  static var cachedDepth: Int { 4 }
}
