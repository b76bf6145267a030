import Foundation

/// The output rows' inverted multi-index (Chen et al., WWW 2022): each row k split into two
/// halves, each half quantized by its own k-means codebook (`HalfCodebook`), so that
/// row k ≈ [c1[a_k]; c2[b_k]]; the rows grouped by their cell (a_k, b_k), each row weighted by
/// e^(b_k − max b), its output bias at the fit (the logit's part that no codeword holds: in a
/// sampled softmax it learns the word's log frequency), and each cell's mass
/// N[a, b] = Σ of its rows' weights (as floats, for the marginals' matrix product). Draw and
/// probability read the same snapshot, so the proposal stays exact between fits.
///
/// The codebooks are fitted with the same weights (weighted k-means: each centre the weighted
/// mean of its rows). A row's quantization error moves its proposal in proportion to its mass,
/// and in a large vocabulary most rows are rare words whose output vectors have barely left
/// zero: fitted unweighted, the codewords go to that crowd near the origin and the few heavy rows
/// share what is left. On the synthetic corpus at V = 1,525,408 (S = 64), the weights raised
/// the probe's input-gradient cosine from 0.948 to 0.978 and its output one from 0.873 to 0.900.
///
/// A rebuild fits both codebooks ((`iterations` + 1) × V × K × d multiply-adds in all the first
/// time, V × K × d for each later refit, which starts from the last codebooks) and regroups
/// the rows by a counting sort (O(V + K²)); its arrays are made once.
final class InvertedMultiIndex {
  let first: HalfCodebook
  let second: HalfCodebook
  let codewords: Int
  /// N[a, b], the summed weights of cell (a, b)'s rows, K × K row-major.
  private(set) var cellSizes: [Float]
  /// Cell c = a·K + b holds `members[cellStarts[c]..<cellStarts[c + 1]]`.
  private(set) var cellStarts: [Int32]
  private(set) var members: [Int32]
  /// Each row's weight e^(b_k − max b) at the fit, by id.
  private(set) var rowWeights: [Double]
  /// The running sums of the members' weights within their cell, by position in `members`.
  private(set) var memberSums: [Double]

  /// Lloyd rounds of the first fit (a refit runs one, from the last codebooks): the proposal is
  /// exact for whatever codebooks it has, so a few rounds only make it closer to the softmax.
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
    rowWeights = [Double](repeating: 1, count: rows)
    memberSums = [Double](repeating: 0, count: rows)
  }

  /// The cell of row `id`.
  @inline(__always)
  func cell(of id: Int32) -> (first: Int, second: Int) {
    (Int(first.assignment[Int(id)]), Int(second.assignment[Int(id)]))
  }

  /// Fits the codebooks to `table`, weighs its rows by `biases` and regroups them by cell.
  func rebuild<Random: RandomNumberGenerator>(
    from table: EmbeddingTable, biases: EmbeddingTable, using random: inout Random
  ) {
    let k = codewords
    var top = -Float.infinity
    for id in 0..<table.rows where biases.storage[id].isFinite {
      top = max(top, biases.storage[id])
    }
    for id in 0..<table.rows {
      // A weight below 1e-30 (or a bias that is not finite) is taken as 1e-30: every row stays
      // drawable, with a probability that a log-Q correction can take.
      let weight = Foundation.exp(Double(biases.storage[id]) - Double(top))
      rowWeights[id] = weight.isFinite ? max(weight, 1e-30) : 1e-30
    }
    first.fit(table, weights: rowWeights, iterations: Self.iterations, using: &random)
    second.fit(table, weights: rowWeights, iterations: Self.iterations, using: &random)
    for index in cellStarts.indices { cellStarts[index] = 0 }
    for id in 0..<table.rows {
      let (a, b) = cell(of: Int32(id))
      cellStarts[a * k + b + 1] += 1
    }
    for c in 0..<(k * k) { cellStarts[c + 1] += cellStarts[c] }
    // Each cell filled from its start, in id order, with its running weights.
    var next = cellStarts
    var masses = [Double](repeating: 0, count: k * k)
    for id in 0..<table.rows {
      let (a, b) = cell(of: Int32(id))
      let c = a * k + b
      masses[c] += rowWeights[id]
      members[Int(next[c])] = Int32(id)
      memberSums[Int(next[c])] = masses[c]
      next[c] += 1
    }
    for c in 0..<(k * k) { cellSizes[c] = Float(masses[c]) }
  }
}
