import Foundation

/// Nearest words by cosine similarity, over unit-normalized copies of the vectors.
public struct NearestNeighbors: Sendable {
  public let words: [String]
  private let normalized: [Float]
  public let dimensions: Int

  public init(words: [String], vectors: EmbeddingTable) {
    self.words = words
    dimensions = vectors.dimensions
    var normalized = [Float](repeating: 0, count: words.count * vectors.dimensions)
    for id in words.indices {
      let row = vectors.row(Int32(id))
      let norm = Kernels.dot(row, row, count: dimensions).squareRoot()
      let scale: Float = norm > 0 ? 1 / norm : 0
      for k in 0..<dimensions { normalized[id * dimensions + k] = row[k] * scale }
    }
    self.normalized = normalized
  }

  /// The `count` words closest to word `id`, with their cosine similarities, best first.
  public func neighbors(of id: Int, count: Int) -> [(word: String, similarity: Float)] {
    var scores = [Float](repeating: 0, count: words.count)
    normalized.withUnsafeBufferPointer { table in
      scores.withUnsafeMutableBufferPointer { out in
        Gemm.multiply(
          table.baseAddress!, by: table.baseAddress! + id * dimensions, into: out.baseAddress!,
          rows: words.count, columns: 1, inner: dimensions)
      }
    }
    scores[id] = -.infinity
    let best = scores.indices.sorted { scores[$0] > scores[$1] }.prefix(count)
    return best.map { (words[$0], scores[$0]) }
  }
}
