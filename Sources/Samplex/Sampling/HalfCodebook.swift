/// One half of a product quantization of a table's rows: `codewords` centres over the columns
/// `offset..<offset + width`, fitted by Lloyd's k-means with a weight per row (each centre the
/// weighted mean of its rows), and each row's nearest centre (`InvertedMultiIndex` keeps two,
/// one per half of the output rows).
///
/// A row's nearest centre minimizes ‖w − c‖² = ‖w‖² − 2 w·c + ‖c‖², so ‖c‖² − 2 w·c, whose
/// w·c for a block of rows against all centres is one matrix product (`Gemm`): a first fit
/// costs about (`iterations` + 1) × V × K × `width` multiply-adds and a refit V × K × `width`,
/// and nothing of it grows with V but the assignments and the row sums.
final class HalfCodebook {
  let codewords: Int
  let width: Int
  let offset: Int
  /// K × `width` centres, row-major.
  private(set) var centres: [Float]
  /// Each table row's centre.
  private(set) var assignment: [Int32]
  /// The scores of a block of rows against the centres, and each centre's ‖c‖².
  private var scores: [Float]
  private var squaredNorms: [Float]
  /// Each centre's weighted sum of its rows and their summed weight (0 for a centre with no
  /// rows, the weights being positive), for the update step.
  private var sums: [Double]
  private var masses: [Double]
  /// Whether a fit left distinct centres: a refit then starts from them and their assignment.
  private var fitted = false

  /// Rows scored per product: a block of 1,024 × K scores stays in the cache.
  static let blockRows = 1024

  init(codewords: Int, width: Int, offset: Int, rows: Int) {
    precondition(codewords >= 1 && width >= 1, "a codebook needs a codeword and a column")
    self.codewords = codewords
    self.width = width
    self.offset = offset
    centres = [Float](repeating: 0, count: codewords * width)
    assignment = [Int32](repeating: 0, count: rows)
    scores = [Float](repeating: 0, count: Self.blockRows * codewords)
    squaredNorms = [Float](repeating: 0, count: codewords)
    sums = [Double](repeating: 0, count: codewords * width)
    masses = [Double](repeating: 0, count: codewords)
  }

  /// Fits the centres to `table`'s rows, row r weighing `weights[r]` (positive) in its
  /// centre's mean, so that the fit minimizes Σ_r weights[r]·‖w_r − c(r)‖². The first fit
  /// starts each centre at a row drawn uniformly, then runs `iterations` rounds of assignment
  /// and update. A later fit (a refit) starts where the last one ended: each centre moves to the
  /// weighted mean of its cell's rows as they are now, and the rows are assigned again. That is
  /// one Lloyd round from the last codebook, a fifth of a first fit's products at 4 iterations.
  /// The table moves little between two fits, so the last codebook is a better start than
  /// random rows, unless the last fit found every row alike (a zero table): the next fit then
  /// starts afresh. Either way a centre left with no rows moves to a row drawn uniformly, and
  /// the rows are last assigned to the final centres, so that each row's centre is exactly its
  /// nearest.
  func fit<Random: RandomNumberGenerator>(
    _ table: EmbeddingTable, weights: [Double], iterations: Int, using random: inout Random
  ) {
    precondition(weights.count == table.rows, "a weight per row")
    if fitted {
      update(table, weights: weights, using: &random)
      assign(table)
      return
    }
    let rows = table.rows
    for c in 0..<codewords {
      copy(row: Int(random.next(upperBound: UInt64(rows))), of: table, toCentre: c)
    }
    for _ in 0..<iterations {
      assign(table)
      update(table, weights: weights, using: &random)
    }
    assign(table)
    // A table whose rows are all alike (the output table of a fresh run is zero) gives K equal
    // centres and one cell: nothing for a refit to start from, so the next fit starts afresh.
    fitted = centres.indices.contains { centres[$0] != centres[$0 % width] }
  }

  private func copy(row: Int, of table: EmbeddingTable, toCentre c: Int) {
    let source = table.row(Int32(row)) + offset
    for j in 0..<width { centres[c * width + j] = source[j] }
  }

  /// Each row's nearest centre, by blocks of `blockRows` rows.
  private func assign(_ table: EmbeddingTable) {
    let (k, w) = (codewords, width)
    for c in 0..<k {
      var norm: Float = 0
      for j in 0..<w { norm += centres[c * w + j] * centres[c * w + j] }
      squaredNorms[c] = norm
    }
    var start = 0
    while start < table.rows {
      let count = min(Self.blockRows, table.rows - start)
      centres.withUnsafeBufferPointer { centres in
        scores.withUnsafeMutableBufferPointer { scores in
          Gemm.multiply(
            table.row(Int32(start)) + offset, by: centres.baseAddress!, .transposed,
            into: scores.baseAddress!, rows: count, columns: k, inner: w,
            leadingA: table.dimensions)
        }
      }
      for r in 0..<count {
        var best = 0
        var bestDistance = Float.infinity
        for c in 0..<k {
          let distance = squaredNorms[c] - 2 * scores[r * k + c]
          if distance < bestDistance {
            bestDistance = distance
            best = c
          }
        }
        assignment[start + r] = Int32(best)
      }
      start += count
    }
  }

  /// Each centre moved to the weighted mean of its rows.
  private func update<Random: RandomNumberGenerator>(
    _ table: EmbeddingTable, weights: [Double], using random: inout Random
  ) {
    let w = width
    for index in sums.indices { sums[index] = 0 }
    for index in masses.indices { masses[index] = 0 }
    for r in 0..<table.rows {
      let c = Int(assignment[r])
      let source = table.row(Int32(r)) + offset
      let weight = weights[r]
      for j in 0..<w { sums[c * w + j] += weight * Double(source[j]) }
      masses[c] += weight
    }
    for c in 0..<codewords {
      guard masses[c] > 0 else {
        copy(row: Int(random.next(upperBound: UInt64(table.rows))), of: table, toCentre: c)
        continue
      }
      let scale = 1 / masses[c]
      for j in 0..<w { centres[c * w + j] = Float(sums[c * w + j] * scale) }
    }
  }
}
