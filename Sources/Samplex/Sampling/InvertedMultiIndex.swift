/// The output rows' inverted multi-index (Chen et al., WWW 2022): each row k split into two
/// halves, each half quantized by its own k-means codebook (`HalfCodebook`), so that
/// row k ≈ [c1[a_k]; c2[b_k]]; the rows grouped by their cell (a_k, b_k), with each cell's size
/// N[a, b] (as floats, for the marginals' matrix product).
///
/// A rebuild fits both codebooks ((`iterations` + 1) × V × K × d multiply-adds in all) and regroups
/// the rows by a counting sort (O(V + K²)); its arrays are made once.
final class InvertedMultiIndex {
  let first: HalfCodebook
  let second: HalfCodebook
  let codewords: Int
  /// N[a, b] = |cell(a, b)|, K × K row-major.
  private(set) var cellSizes: [Float]
  /// Cell c = a·K + b holds `members[cellStarts[c]..<cellStarts[c + 1]]`.
  private(set) var cellStarts: [Int32]
  private(set) var members: [Int32]

  /// Lloyd rounds per fit: the proposal is exact for whatever codebooks it has, so a few rounds
  /// only make it closer to the softmax.
  static let iterations = 4

  init(rows: Int, dimensions: Int, codewords: Int) {
    precondition(dimensions >= 2, "two halves need two dimensions")
    let half = dimensions / 2
    first = HalfCodebook(codewords: codewords, width: half, offset: 0, rows: rows)
    second = HalfCodebook(
      codewords: codewords, width: dimensions - half, offset: half, rows: rows)
    self.codewords = codewords
    cellSizes = [Float](repeating: 0, count: codewords * codewords)
    cellStarts = [Int32](repeating: 0, count: codewords * codewords + 1)
    members = [Int32](repeating: 0, count: rows)
  }

  /// The cell of row `id`.
  @inline(__always)
  func cell(of id: Int32) -> (first: Int, second: Int) {
    (Int(first.assignment[Int(id)]), Int(second.assignment[Int(id)]))
  }

  /// Fits the codebooks to `table` and regroups its rows by cell.
  func rebuild<Random: RandomNumberGenerator>(
    from table: EmbeddingTable, using random: inout Random
  ) {
    first.fit(table, iterations: Self.iterations, using: &random)
    second.fit(table, iterations: Self.iterations, using: &random)
    let k = codewords
    for index in cellStarts.indices { cellStarts[index] = 0 }
    for id in 0..<table.rows {
      let (a, b) = cell(of: Int32(id))
      cellStarts[a * k + b + 1] += 1
    }
    for c in 0..<(k * k) {
      cellSizes[c] = Float(cellStarts[c + 1])
      cellStarts[c + 1] += cellStarts[c]
    }
    // Each cell filled from its start, in id order.
    var next = cellStarts
    for id in 0..<table.rows {
      let (a, b) = cell(of: Int32(id))
      members[Int(next[a * k + b])] = Int32(id)
      next[a * k + b] += 1
    }
  }
}
