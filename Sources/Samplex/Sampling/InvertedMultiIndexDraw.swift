import Foundation

/// One worker's `midx` draws (`InvertedMultiIndexSampler`): its inverted multi-index, refitted
/// every `rebuildEvery` batches, and what a batch's proposal needs, prepared once per batch
/// (`prepare`) from the queries X.
///
/// With A = X₁·C₁ᵀ and B = X₂·C₂ᵀ (B × K each: every query half against every codeword of its
/// half, two matrix products), row k's quantized logit for query i is A[i, a_k] + B[i, b_k]
/// plus its bias at the fit, so q_i(k) = r_k · exp(A[i, a_k]) · exp(B[i, b_k]) / Z_i with
/// r_k = e^(b_k − max b) (`InvertedMultiIndex.rowWeights`). Grouping the rows by cell, with N[a, b]
/// the cell's summed r, P_i(a, b) = N[a, b] · exp(A[i, a]) · exp(B[i, b]) / Z_i, and a row drawn
/// within the cell in proportion to r_k has P_i(a, b) · r_k / N[a, b] = q_i(k): the draw picks a
/// (marginal
/// P_i(a) ∝ exp(A[i, a]) · M[i, a] with M = exp(B)·Nᵀ, a third product), then b given a
/// (∝ N[a, b] · exp(B[i, b])), then the row. Each row of A and B is shifted by its maximum
/// before the exponential, a factor that Z_i cancels.
public final class InvertedMultiIndexDraw: BatchProposalDraw, CandidateSource {
  public let rangeMax: Int
  public let codewords: Int
  public let rebuildEvery: Int
  private let index: InvertedMultiIndex
  /// Batches drawn since the last fit; a fit is due at `rebuildEvery` (and before the first).
  private var batchesSinceRebuild: Int
  /// exp(A) and exp(B), row-shifted, B × K each; M = exp(B)·Nᵀ.
  private var firstWeights: [Float]
  private var secondWeights: [Float]
  private var marginals: [Float]
  /// Each query's running sums of exp(A[i, a]) · M[i, a] over a, ending at Z_i.
  private var cumulative: [Double]
  /// 1 / Z_i.
  private var inverseNormalizers: [Double]
  /// The prepared batch's queries.
  private var queryCount = 0

  public static var readsQueries: Bool { true }

  init(sampler: InvertedMultiIndexSampler, batch: Int, dimensions: Int) {
    rangeMax = sampler.rangeMax
    codewords = sampler.codewords
    rebuildEvery = sampler.rebuildEvery
    index = InvertedMultiIndex(
      rows: sampler.rangeMax, dimensions: dimensions, codewords: sampler.codewords)
    batchesSinceRebuild = sampler.rebuildEvery
    let cells = batch * sampler.codewords
    firstWeights = [Float](repeating: 0, count: cells)
    secondWeights = [Float](repeating: 0, count: cells)
    marginals = [Float](repeating: 0, count: cells)
    cumulative = [Double](repeating: 0, count: cells)
    inverseNormalizers = [Double](repeating: 0, count: batch)
  }

  /// Makes the batch's proposal from `queries` (refitting the index first when due): the
  /// scores, their exponentials, the marginals and the normalizers.
  public func prepare<Random: RandomNumberGenerator>(
    queries: BatchQueries, model: Model, using random: inout Random
  ) {
    precondition(queries.count * codewords <= firstWeights.count, "at most a batch of queries")
    precondition(model.output.rows == rangeMax, "one output row per class")
    if batchesSinceRebuild >= rebuildEvery {
      index.rebuild(from: model.output, biases: model.bias, using: &random)
      batchesSinceRebuild = 0
    }
    batchesSinceRebuild += 1
    let (n, k) = (queries.count, codewords)
    queryCount = n
    score(queries, half: index.first, into: &firstWeights)
    score(queries, half: index.second, into: &secondWeights)
    secondWeights.withUnsafeBufferPointer { weights in
      index.cellSizes.withUnsafeBufferPointer { sizes in
        marginals.withUnsafeMutableBufferPointer { marginals in
          Gemm.multiply(
            weights.baseAddress!, by: sizes.baseAddress!, .transposed,
            into: marginals.baseAddress!, rows: n, columns: k, inner: k)
        }
      }
    }
    for i in 0..<n {
      var running = accumulate(query: i)
      if !(running > 0 && running.isFinite) {
        // Every non-empty cell's weight underflowed (each half is shifted by its best codeword,
        // and the best of the two may share no row), or a score was not finite: this query's
        // q_i is the draw by the rows' weights r_k alone, all its codeword weights 1, still
        // exact.
        for c in 0..<k {
          firstWeights[i * k + c] = 1
          secondWeights[i * k + c] = 1
          var rows: Float = 0
          for b in 0..<k { rows += index.cellSizes[c * k + b] }
          marginals[i * k + c] = rows
        }
        running = accumulate(query: i)
      }
      inverseNormalizers[i] = 1 / running
    }
  }

  /// Fills query i's running sums over a of exp(A[i, a]) · Σ_b N[a, b] · exp(B[i, b]) and
  /// returns the last: Z_i in the shifted scale.
  private func accumulate(query i: Int) -> Double {
    let k = codewords
    var running = 0.0
    for a in 0..<k {
      running += Double(firstWeights[i * k + a]) * Double(marginals[i * k + a])
      cumulative[i * k + a] = running
    }
    return running
  }

  /// exp(X_h·C_hᵀ − row maximum) for one half h.
  private func score(_ queries: BatchQueries, half: HalfCodebook, into weights: inout [Float]) {
    let (n, k) = (queries.count, codewords)
    half.centres.withUnsafeBufferPointer { centres in
      weights.withUnsafeMutableBufferPointer { weights in
        let base = weights.baseAddress!
        Gemm.multiply(
          queries.rows + half.offset, by: centres.baseAddress!, .transposed, into: base,
          rows: n, columns: k, inner: half.width, leadingA: queries.dimensions)
        for i in 0..<n {
          let row = base + i * k
          _ = Kernels.exponentiate(row, count: k, shift: Kernels.maximum(row, count: k))
        }
      }
    }
  }

  /// Q(k) under the prepared batch's proposal: (1/B) Σ_i exp(A[i, a_k] + B[i, b_k]) / Z_i.
  public func probability(of id: Int32) -> Double {
    let (a, b) = index.cell(of: id)
    let k = codewords
    let weight = index.rowWeights[Int(id)]
    var sum = 0.0
    for i in 0..<queryCount {
      sum +=
        Double(firstWeights[i * k + a]) * Double(secondWeights[i * k + b])
        * inverseNormalizers[i]
    }
    return weight * sum / Double(queryCount)
  }

  /// One draw from the prepared batch's proposal: a query uniformly, a cell from its q_i, a row
  /// of the cell in proportion to its weight r_k.
  public func draw<Random: RandomNumberGenerator>(using random: inout Random) -> Int32 {
    let k = codewords
    let i = Int(random.next(upperBound: UInt64(queryCount)))
    // a: the first whose running sum passes u·Z_i (one with weight 0 never does).
    let row = i * k
    let target = Self.unit(&random) * cumulative[row + k - 1]
    var low = 0
    var high = k - 1
    while low < high {
      let middle = (low + high) / 2
      if cumulative[row + middle] > target { high = middle } else { low = middle + 1 }
    }
    // u·Z_i rounded up to Z_i passes none: the last a with weight, then.
    if cumulative[row + low] <= target {
      while low > 0, cumulative[row + low] == cumulative[row + low - 1] { low -= 1 }
    }
    let a = low
    // b given a: ∝ N[a, b] · exp(B[i, b]).
    let sizes = index.cellSizes
    var total = 0.0
    for b in 0..<k { total += Double(sizes[a * k + b]) * Double(secondWeights[row + b]) }
    let threshold = Self.unit(&random) * total
    var running = 0.0
    var chosen = -1
    for b in 0..<k {
      let weight = Double(sizes[a * k + b]) * Double(secondWeights[row + b])
      guard weight > 0 else { continue }
      chosen = b
      running += weight
      if running > threshold { break }
    }
    let cell = a * k + chosen
    // A row of the cell in proportion to its weight: the first whose running sum passes u·N.
    let start = Int(index.cellStarts[cell])
    let end = Int(index.cellStarts[cell + 1]) - 1
    let sums = index.memberSums
    let rowTarget = Self.unit(&random) * sums[end]
    var first = start
    var last = end
    while first < last {
      let middle = (first + last) / 2
      if sums[middle] > rowTarget { last = middle } else { first = middle + 1 }
    }
    return index.members[first]
  }

  /// A uniform Double in [0, 1).
  @inline(__always)
  private static func unit<Random: RandomNumberGenerator>(_ random: inout Random) -> Double {
    Double(random.next() >> 11) * 0x1p-53
  }

  public func sample<Random: RandomNumberGenerator>(
    into candidates: UnsafeMutableBufferPointer<Int32>,
    expectedCounts: UnsafeMutableBufferPointer<Float>,
    trueClasses: UnsafeBufferPointer<Int32>,
    trueExpectedCounts: UnsafeMutableBufferPointer<Float>,
    unique: Bool, queries: BatchQueries, model: Model, using random: inout Random
  ) -> Int {
    prepare(queries: queries, model: model, using: &random)
    let tries = sample(into: candidates, unique: unique, using: &random)
    for (j, id) in candidates.enumerated() { expectedCounts[j] = Float(probability(of: id)) }
    for (j, id) in trueClasses.enumerated() { trueExpectedCounts[j] = Float(probability(of: id)) }
    ExpectedCount.tensorFlow(
      probabilities: expectedCounts, numSampled: candidates.count, numTries: tries)
    ExpectedCount.tensorFlow(
      probabilities: trueExpectedCounts, numSampled: candidates.count, numTries: tries)
    return tries
  }
}
