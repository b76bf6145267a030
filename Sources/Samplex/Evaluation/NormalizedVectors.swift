/// Unit-length copies of the first rows of a vectors table, which turn cosine similarity into a
/// dot product and ranking against many queries into one matrix product.
public struct NormalizedVectors: Sendable {
  public let words: [String]
  public let dimensions: Int
  /// Row-major, `words.count × dimensions`; a zero row stays zero.
  public let values: [Float]

  /// The first `limit` rows (all when nil) of `values`, each scaled to unit length.
  public init(
    words: [String], values: UnsafeBufferPointer<Float>, dimensions: Int, limit: Int? = nil
  ) {
    let count = min(words.count, limit ?? words.count)
    self.words = Array(words.prefix(count))
    self.dimensions = dimensions
    var normalized = [Float](repeating: 0, count: count * dimensions)
    for id in 0..<count {
      let row = values.baseAddress! + id * dimensions
      let norm = Kernels.dot(row, row, count: dimensions).squareRoot()
      let scale: Float = norm > 0 ? 1 / norm : 0
      for k in 0..<dimensions { normalized[id * dimensions + k] = row[k] * scale }
    }
    self.values = normalized
  }

  public init(_ vectors: WordVectors, limit: Int? = nil) {
    self = vectors.values.withUnsafeBufferPointer {
      NormalizedVectors(
        words: vectors.words, values: $0, dimensions: vectors.dimensions, limit: limit)
    }
  }

  public init(words: [String], table: EmbeddingTable, limit: Int? = nil) {
    self = table.withValues {
      NormalizedVectors(
        words: words, values: UnsafeBufferPointer($0), dimensions: table.dimensions, limit: limit)
    }
  }

  public var count: Int { words.count }

  /// Row `id`, unit length.
  public func row(_ id: Int) -> ArraySlice<Float> {
    values[(id * dimensions)..<((id + 1) * dimensions)]
  }

  /// The cosine similarity of words `a` and `b`, gensim's `similarity` (0 when either row is
  /// zero).
  public func cosine(_ a: Int, _ b: Int) -> Float {
    values.withUnsafeBufferPointer {
      Kernels.dot(
        $0.baseAddress! + a * dimensions, $0.baseAddress! + b * dimensions, count: dimensions)
    }
  }

  /// The dot product of row `id` with `query`: their cosine similarity when `query` is a unit
  /// vector.
  public func similarity(of id: Int, to query: [Float]) -> Float {
    precondition(query.count == dimensions, "the query must have the table's width")
    return values.withUnsafeBufferPointer {
      Kernels.dot($0.baseAddress! + id * dimensions, query, count: dimensions)
    }
  }

  /// The unit vector along the weighted mean of rows `ids`, as gensim's
  /// `get_mean_vector(pre_normalize=True, post_normalize=True)` computes it: the sum of each unit
  /// row times its weight, divided by the sum of the weights' magnitudes, then scaled to unit
  /// length (a zero mean stays zero).
  public func direction(of ids: [Int], weights: [Float]) -> [Float] {
    precondition(ids.count == weights.count, "a weight is needed for each word")
    var mean = [Float](repeating: 0, count: dimensions)
    for (id, weight) in zip(ids, weights) {
      let start = id * dimensions
      for k in 0..<dimensions { mean[k] += weight * values[start + k] }
    }
    let total = weights.reduce(0) { $0 + abs($1) }
    if total > 0 { mean = mean.map { $0 / total } }
    let norm = Kernels.dot(mean, mean, count: dimensions).squareRoot()
    return norm > 0 ? mean.map { $0 / norm } : mean
  }

  /// The dot products of `queries` (row-major, `queryCount × dimensions`) with every row:
  /// a `queryCount × count` matrix from one `cblas_sgemm`.
  public func scores(of queries: [Float], queryCount: Int) -> [Float] {
    precondition(queries.count == queryCount * dimensions, "queries must have the table's width")
    var scores = [Float](repeating: 0, count: queryCount * count)
    guard queryCount > 0, count > 0 else { return scores }
    queries.withUnsafeBufferPointer { query in
      values.withUnsafeBufferPointer { table in
        scores.withUnsafeMutableBufferPointer { out in
          Gemm.multiply(
            query.baseAddress!, by: table.baseAddress!, .transposed, into: out.baseAddress!,
            rows: queryCount, columns: count, inner: dimensions)
        }
      }
    }
    return scores
  }
}
