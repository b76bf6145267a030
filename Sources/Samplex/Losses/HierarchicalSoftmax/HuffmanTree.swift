import Foundation

/// word2vec's Huffman tree over a vocabulary: the output layer of the hierarchical softmax
/// (Morin & Bengio 2005, Mikolov et al. 2013). Each word is a leaf; the V − 1 inner nodes are
/// rows 0..<V−1 of the output table, the root last (row V − 2). A word's probability given an
/// input vector h is the product, along its path from the root, of σ(h·w_n) where the path goes
/// to the node's first child (code 0) and σ(−h·w_n) where it goes to the second (code 1), so the
/// leaves' probabilities sum to 1 and frequent words have short paths.
///
/// Built as word2vec.c's `CreateBinaryTree` builds it, in O(V) with two queues over the ids
/// sorted by falling count (the vocabulary's order): the leaves from the rarest up, and the inner
/// nodes in the order they are made, whose counts never fall. Each merge takes the two smallest
/// counts; on a tie between a leaf and an inner node the inner node is taken (word2vec's `<`), and
/// among leaves of equal count the higher id (the later word in the vocabulary) first. The
/// first taken becomes code 0, the second code 1. The tree is therefore a function of the
/// vocabulary's ids and counts alone: a resumed run rebuilds the same tree from the vocabulary
/// its checkpoint is checked against.
public struct HuffmanTree: Sendable {
  /// The number of leaves (words).
  public let leafCount: Int
  /// `points[offsets[id]..<offsets[id + 1]]`: the inner nodes (output rows) on the path of word
  /// `id`, from the root down.
  public let points: [Int32]
  /// `codes[offsets[id]..<offsets[id + 1]]`: the branch taken at each of those nodes, 0 or 1.
  public let codes: [UInt8]
  public let offsets: [Int]
  /// The longest path: the output rows one prediction can touch.
  public let maxCodeLength: Int

  /// The tree of words with these counts, in vocabulary order (falling counts).
  public init(counts: [Int64]) {
    let v = counts.count
    leafCount = v
    guard v >= 2 else {
      // One word (or none) is certain: no inner node, an empty path, probability 1.
      points = []
      codes = []
      offsets = [Int](repeating: 0, count: v + 1)
      maxCodeLength = 0
      return
    }
    precondition(
      zip(counts, counts.dropFirst()).allSatisfy { $0 >= $1 }, "counts fall with the id")
    // Nodes 0..<v are leaves, v..<2v−1 inner nodes in the order they are made; the root is
    // 2v − 2.
    var weight = [Int64](repeating: 0, count: 2 * v - 1)
    for id in 0..<v { weight[id] = counts[id] }
    var parent = [Int32](repeating: 0, count: 2 * v - 2)
    var branch = [UInt8](repeating: 0, count: 2 * v - 2)
    var leaf = v - 1  // the rarest leaf not yet merged
    var inner = v  // the oldest inner node not yet merged
    var made = v  // the next inner node
    func smallest() -> Int {
      if leaf >= 0, inner >= made || weight[leaf] < weight[inner] {
        leaf -= 1
        return leaf + 1
      }
      inner += 1
      return inner - 1
    }
    while made < 2 * v - 1 {
      let first = smallest()
      let second = smallest()
      weight[made] = weight[first] &+ weight[second]
      parent[first] = Int32(made)
      parent[second] = Int32(made)
      branch[second] = 1
      made += 1
    }
    // Each leaf's path, read upwards and stored root first; inner node n is output row n − v.
    var points: [Int32] = []
    var codes: [UInt8] = []
    var offsets: [Int] = [0]
    offsets.reserveCapacity(v + 1)
    var longest = 0
    let root = 2 * v - 2
    var pathPoints: [Int32] = []
    var pathCodes: [UInt8] = []
    for id in 0..<v {
      pathPoints.removeAll(keepingCapacity: true)
      pathCodes.removeAll(keepingCapacity: true)
      var node = id
      while node != root {
        pathCodes.append(branch[node])
        node = Int(parent[node])
        pathPoints.append(Int32(node - v))
      }
      points.append(contentsOf: pathPoints.reversed())
      codes.append(contentsOf: pathCodes.reversed())
      offsets.append(points.count)
      longest = max(longest, pathPoints.count)
    }
    self.points = points
    self.codes = codes
    self.offsets = offsets
    maxCodeLength = longest
  }

  /// The tree of a vocabulary's words.
  public init(vocabulary: Vocabulary) { self.init(counts: Array(vocabulary.counts)) }

  /// The path length of word `id`.
  @inlinable @inline(__always)
  public func codeLength(of id: Int32) -> Int {
    offsets.withUnsafeBufferPointer { $0[Int(id) + 1] - $0[Int(id)] }
  }

  /// −log P(word `id` | h) = Σ along the path of softplus(±h·w_n), in Double, from the output
  /// table's inner-node rows.
  package func negativeLogProbability(
    of id: Int32, input h: UnsafePointer<Float>, output: EmbeddingTable
  ) -> Double {
    let d = output.dimensions
    var total = 0.0
    for index in offsets[Int(id)]..<offsets[Int(id) + 1] {
      let z = Double(Kernels.dot(h, output.row(points[index]), count: d))
      // Code 0 is σ(z), code 1 σ(−z); −log σ(x) = softplus(−x), written stably.
      let x = codes[index] == 0 ? -z : z
      total += max(x, 0) + log1p(exp(-abs(x)))
    }
    return total
  }
}
