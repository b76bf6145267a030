import Foundation

/// One worker's `resample` draws (`ImportanceResampler`), prepared once per batch (`prepare`).
///
/// The batch's target is the batch-averaged softmax P(k) = (1/B) Σ_i exp(s_ik) / Z_i, with
/// s_ik = x_i·w_k + b_k and Z_i = Σ_k exp(s_ik), whose Z_i would cost a pass over the whole
/// vocabulary. A pool of M draws k_1…k_M from Q0 (unigram^α) gives, for each query,
/// Ẑ_i = (1/M) Σ_j exp(s_ij) / Q0(k_j), an average of M independent terms whose mean is
/// Σ_k Q0(k) · exp(s_ik) / Q0(k) = Z_i: unbiased, and by the law of large numbers Ẑ_i → Z_i as M
/// grows (wherever Q0 > 0, as unigram^α is on every counted word). The estimate of Q that the
/// correction uses is
///
///     q̂(k) = (1/B) Σ_i exp(s_ik) / Ẑ_i,
///
/// a continuous function of the Ẑ_i away from 0, so q̂(k) → P(k): consistent, with a bias of
/// order 1/M (the ratio's delta-method term, Var(Ẑ_i) / Z_i²), which is what
/// `ImportanceResamplingTests` measures. The draw picks pool entry j with the weight
/// w_j = (1/B) Σ_i exp(s_ij) / (M · Ẑ_i · Q0(k_j)), which sums to 1 over the pool; an id k that
/// the pool holds c_k times is drawn with probability c_k · q̂(k) / (M · Q0(k)), and
/// c_k / M → Q0(k), so the draw's own distribution tends to P as well. For a pool id that is
/// M · Q0(k) · w_j, read off the weights without another product; a true class that may not be
/// in the pool needs its scores against the batch, one more product (B × B). An estimate
/// above 1 (a class far above the pool's scores when M is small) is taken as 1, a probability.
///
/// All exponentials are of log-weights l_ij = s_ij − log Q0(k_j) shifted by each query's
/// maximum over the pool, m_i, which Ẑ_i carries back as log Ẑ_i = m_i + log Σ_j e^(l_ij − m_i)
/// − log M.
///
/// With `unique` the candidates are distinct ids of the pool, so a pool with fewer distinct ids
/// than candidates takes M more draws, as often as needed (rare from M ≥ 4S draws but for the
/// smallest vocabularies): the pool's size M' then depends on the draws alone, not on their
/// scores, and Ẑ_i, a mean over M' draws, stays consistent (Wald's identity). Every entry keeps
/// a weight of at least ε/M' (ε = `floor`, a defensive mixture with the pool's uniform draw,
/// whose ids come at Q0): an entry whose exponential underflows (scores far below the pool's
/// best) can still be drawn, so a distinct draw always ends. The estimate is then that of the
/// mixture, (1 − ε)·q̂(k) + ε·Q0(k), for pool ids and true classes alike.
public final class ImportanceResamplingDraw: BatchProposalDraw, CandidateSource {
  public let base: UnigramSampler
  public let pool: Int
  /// ε, the uniform share of the pool's weights: see the type's comment.
  static var floor: Double { 1.0 / 32 }
  /// M', the prepared batch's pool size: `pool`, or a multiple where `unique` needed more.
  private var poolSize = 0
  public let samples: Int
  public var rangeMax: Int { base.rangeMax }
  private let batch: Int
  private let dimensions: Int
  /// The pool: its ids, log Q0 of each, their output rows (M × d).
  private var poolIDs: [Int32]
  private var poolLogProbabilities: [Double]
  private var poolRows: [Float]
  /// Each pool id's first entry, −1 for an id not in the pool (V entries, reset per batch).
  private var entryOfID: [Int32]
  /// The pool's scores against the queries (M × B), then e^(l_ij − m_i) in place.
  private var scores: [Float]
  /// m_i, Σ_j e^(l_ij − m_i), and log Ẑ_i, per query.
  private var shifts: [Double]
  private var sums: [Double]
  private var logNormalizers: [Double]
  /// w_j, and their running sums, per pool entry.
  private var weights: [Double]
  private var cumulative: [Double]
  /// A block of true classes' rows (B × d), their scores against the queries (B × B), and the
  /// true classes' estimates.
  private var classRows: [Float]
  private var classScores: [Float]
  private var classEstimates: [Double]
  /// The prepared batch's queries.
  private var queryCount = 0

  public static var readsQueries: Bool { true }

  init(sampler: ImportanceResampler, batch: Int, samples: Int, dimensions: Int) {
    base = sampler.base
    pool = sampler.pool
    self.samples = samples
    self.batch = batch
    self.dimensions = dimensions
    let m = sampler.pool
    poolIDs = [Int32](repeating: 0, count: m)
    poolLogProbabilities = [Double](repeating: 0, count: m)
    poolRows = [Float](repeating: 0, count: m * dimensions)
    entryOfID = [Int32](repeating: -1, count: sampler.base.rangeMax)
    scores = [Float](repeating: 0, count: m * batch)
    shifts = [Double](repeating: 0, count: batch)
    sums = [Double](repeating: 0, count: batch)
    logNormalizers = [Double](repeating: 0, count: batch)
    weights = [Double](repeating: 0, count: m)
    cumulative = [Double](repeating: 0, count: m)
    classRows = [Float](repeating: 0, count: batch * dimensions)
    classScores = [Float](repeating: 0, count: batch * batch)
    classEstimates = [Double](repeating: 0, count: batch)
  }

  /// Makes the batch's proposal from `queries`: draws the pool (again while `unique` needs
  /// more distinct ids than it holds), scores it against the queries, and weighs it.
  public func prepare<Random: RandomNumberGenerator>(
    queries: BatchQueries, model: Model, unique: Bool, using random: inout Random
  ) {
    precondition(queries.count <= batch, "at most a batch of queries")
    precondition(queries.dimensions == dimensions, "the queries' width is the rows'")
    let (n, d) = (queries.count, dimensions)
    queryCount = n
    for id in poolIDs[0..<poolSize] { entryOfID[Int(id)] = -1 }
    var m = 0
    var distinct = 0
    repeat {
      grow(to: m + pool)
      poolIDs.withUnsafeMutableBufferPointer { ids in
        _ = base.sample(
          into: UnsafeMutableBufferPointer(rebasing: ids[m..<(m + pool)]), unique: false,
          using: &random)
      }
      for j in m..<(m + pool) where entryOfID[Int(poolIDs[j])] < 0 {
        entryOfID[Int(poolIDs[j])] = Int32(j)
        distinct += 1
      }
      m += pool
    } while unique && distinct < samples
    poolSize = m
    for (j, id) in poolIDs.enumerated() {
      poolLogProbabilities[j] = log(base.probability(of: id))
      poolRows.withUnsafeMutableBufferPointer { rows in
        (rows.baseAddress! + j * d).update(from: model.output.row(id), count: d)
      }
    }
    poolRows.withUnsafeBufferPointer { rows in
      scores.withUnsafeMutableBufferPointer { scores in
        Gemm.multiply(
          rows.baseAddress!, by: queries.rows, .transposed, into: scores.baseAddress!, rows: m,
          columns: n, inner: d)
      }
    }
    let bias = model.bias.storage
    func logWeight(_ j: Int, _ i: Int) -> Double {
      Double(scores[j * n + i]) + Double(bias[Int(poolIDs[j])]) - poolLogProbabilities[j]
    }
    for i in 0..<n { shifts[i] = -.infinity }
    for j in 0..<m {
      for i in 0..<n { shifts[i] = max(shifts[i], logWeight(j, i)) }
    }
    for i in 0..<n { sums[i] = 0 }
    for j in 0..<m {
      for i in 0..<n {
        let e = exp(logWeight(j, i) - shifts[i])
        scores[j * n + i] = Float(e)
        sums[i] += e
      }
    }
    for i in 0..<n { logNormalizers[i] = shifts[i] + log(sums[i]) - log(Double(m)) }
    var running = 0.0
    let floor = Self.floor
    for j in 0..<m {
      var weight = 0.0
      for i in 0..<n { weight += Double(scores[j * n + i]) / sums[i] }
      weights[j] = (1 - floor) * weight / Double(n) + floor / Double(m)
      running += weights[j]
      cumulative[j] = running
    }
  }

  /// Makes room for a pool of `size` entries (kept between batches: a pool grows past M only
  /// when `unique` needs it, and rarely).
  private func grow(to size: Int) {
    guard size > poolIDs.count else { return }
    let (d, b) = (dimensions, batch)
    poolIDs += repeatElement(0, count: size - poolIDs.count)
    poolLogProbabilities += repeatElement(0, count: size - poolLogProbabilities.count)
    poolRows += repeatElement(0, count: size * d - poolRows.count)
    scores += repeatElement(0, count: size * b - scores.count)
    weights += repeatElement(0, count: size - weights.count)
    cumulative += repeatElement(0, count: size - cumulative.count)
  }

  /// q̂(k) of an id the prepared pool holds, from its weight: M · Q0(k) · w_j, at most 1.
  /// - Precondition: `id` is in the pool (every drawn candidate is).
  public func poolEstimate(of id: Int32) -> Double {
    let j = Int(entryOfID[Int(id)])
    precondition(j >= 0, "an id of the pool")
    return min(1, Double(poolSize) * exp(poolLogProbabilities[j]) * weights[j])
  }

  /// q̂(k) of any ids against the prepared batch's queries (which must be the ones `prepare`
  /// saw), at most 1: their rows' scores by blocks of B ids, one product each.
  public func estimates(
    of ids: UnsafeBufferPointer<Int32>, queries: BatchQueries, model: Model,
    into estimates: UnsafeMutableBufferPointer<Double>
  ) {
    precondition(estimates.count == ids.count, "one estimate per id")
    let (n, d) = (queryCount, dimensions)
    var start = 0
    while start < ids.count {
      let count = min(batch, ids.count - start)
      classRows.withUnsafeMutableBufferPointer { rows in
        for t in 0..<count {
          (rows.baseAddress! + t * d).update(from: model.output.row(ids[start + t]), count: d)
        }
      }
      classRows.withUnsafeBufferPointer { rows in
        classScores.withUnsafeMutableBufferPointer { scores in
          Gemm.multiply(
            rows.baseAddress!, by: queries.rows, .transposed, into: scores.baseAddress!,
            rows: count, columns: n, inner: d)
        }
      }
      for t in 0..<count {
        let bias = Double(model.bias.storage[Int(ids[start + t])])
        var sum = 0.0
        for i in 0..<n { sum += exp(Double(classScores[t * n + i]) + bias - logNormalizers[i]) }
        let q0 = base.probability(of: ids[start + t])
        estimates[start + t] = min(1, (1 - Self.floor) * sum / Double(n) + Self.floor * q0)
      }
      start += count
    }
  }

  /// One draw from the prepared pool, entry j with probability w_j.
  public func draw<Random: RandomNumberGenerator>(using random: inout Random) -> Int32 {
    let last = poolSize - 1
    let target = Double(random.next() >> 11) * 0x1p-53 * cumulative[last]
    var low = 0
    var high = last
    while low < high {
      let middle = (low + high) / 2
      if cumulative[middle] > target { high = middle } else { low = middle + 1 }
    }
    // u·Σw rounded up to Σw passes none: the last entry with weight, then.
    if cumulative[low] <= target {
      while low > 0, cumulative[low] == cumulative[low - 1] { low -= 1 }
    }
    return poolIDs[low]
  }

  public func sample<Random: RandomNumberGenerator>(
    into candidates: UnsafeMutableBufferPointer<Int32>,
    expectedCounts: UnsafeMutableBufferPointer<Float>,
    trueClasses: UnsafeBufferPointer<Int32>,
    trueExpectedCounts: UnsafeMutableBufferPointer<Float>,
    unique: Bool, queries: BatchQueries, model: Model, using random: inout Random
  ) -> Int {
    prepare(queries: queries, model: model, unique: unique, using: &random)
    let tries = sample(into: candidates, unique: unique, using: &random)
    for (j, id) in candidates.enumerated() { expectedCounts[j] = Float(poolEstimate(of: id)) }
    classEstimates.withUnsafeMutableBufferPointer { buffer in
      let estimates = UnsafeMutableBufferPointer(rebasing: buffer[0..<trueClasses.count])
      self.estimates(of: trueClasses, queries: queries, model: model, into: estimates)
      for (j, estimate) in estimates.enumerated() { trueExpectedCounts[j] = Float(estimate) }
    }
    ExpectedCount.tensorFlow(
      probabilities: expectedCounts, numSampled: candidates.count, numTries: tries)
    ExpectedCount.tensorFlow(
      probabilities: trueExpectedCounts, numSampled: candidates.count, numTries: tries)
    return tries
  }
}
