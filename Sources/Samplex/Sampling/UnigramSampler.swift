import Foundation

/// The unigram distribution raised to a power: `Q(k) ∝ count_k^α` (word2vec's α = 0.75; 1 is
/// the plain unigram, 0 the uniform distribution over the words seen), drawn in O(1) from
/// Vose's alias table (Vose 1991), built in O(V).
///
/// A class with count 0 has Q = 0 and is never drawn, whatever the power.
public struct UnigramSampler: CandidateSampler {
  public let rangeMax: Int
  public let power: Double
  /// `weights[k] = count_k^α` in Double, 0 for a zero count.
  @usableFromInline let weights: [Double]
  @usableFromInline let totalWeight: Double
  /// TensorFlow's float32 weights `powf(count, α)` and their sequential float32 sum.
  @usableFromInline let tensorFlowWeights: [Float]
  @usableFromInline let tensorFlowTotal: Float
  @usableFromInline let table: [AliasEntry]
  @usableFromInline let bound: UInt64

  /// One column of the alias table, 8 bytes so that a large table stays cache-friendly: the
  /// column's own id is drawn when the top 32 bits of the draw's fraction are below
  /// `threshold` (in units of 2^-32), its `alias` otherwise.
  @usableFromInline
  struct AliasEntry: Sendable {
    @usableFromInline var threshold: UInt32
    @usableFromInline var alias: Int32
  }

  /// - Parameters:
  ///   - counts: `counts[k]`, the corpus count of id k.
  ///   - power: α ≥ 0.
  /// - Throws: `SamplerError` for an empty range, a negative power, a negative or non-finite
  ///   count, or counts that are all zero.
  public init(counts: [Double], power: Double = 0.75) throws(SamplerError) {
    guard !counts.isEmpty else { throw .emptyRange }
    guard power >= 0, power.isFinite else { throw .negativePower(power) }
    for (id, count) in counts.enumerated() where !(count >= 0) || !count.isFinite {
      throw .invalidCount(id: id, count: count)
    }
    rangeMax = counts.count
    self.power = power
    let weights = counts.map { $0 == 0 ? 0 : pow($0, power) }
    let total = weights.reduce(0, +)
    guard total > 0 else { throw .allCountsZero }
    self.weights = weights
    totalWeight = total
    let tensorFlowWeights = counts.map { powf(Float($0), Float(power)) }
    var tensorFlowTotal: Float = 0
    for weight in tensorFlowWeights { tensorFlowTotal += weight }
    self.tensorFlowWeights = tensorFlowWeights
    self.tensorFlowTotal = tensorFlowTotal
    table = Self.aliasTable(weights: weights, total: total)
    bound = UInt64(counts.count)
  }

  /// A sampler over a vocabulary's counts.
  public init(vocabulary: Vocabulary, power: Double = 0.75) throws(SamplerError) {
    try self.init(counts: vocabulary.counts.map(Double.init), power: power)
  }

  public func probability(of id: Int32) -> Double { weights[Int(id)] / totalWeight }

  /// TensorFlow divides its float32 weight by the float32 total accumulated in order, which is
  /// inexact; matching its numbers needs the same arithmetic.
  @inlinable
  public func tensorFlowProbability(of id: Int32) -> Float {
    tensorFlowWeights[Int(id)] / tensorFlowTotal
  }

  @inlinable @inline(__always)
  public func draw<Random: RandomNumberGenerator>(using random: inout Random) -> Int32 {
    // The high word of r·V picks the column; the low word, uniform within it, tosses the coin.
    let (column, fraction) = random.next().multipliedFullWidth(by: bound)
    return table.withUnsafeBufferPointer { table in
      let entry = table[Int(truncatingIfNeeded: column)]
      return UInt32(truncatingIfNeeded: fraction >> 32) < entry.threshold
        ? Int32(truncatingIfNeeded: column) : entry.alias
    }
  }

  /// Q(k) read back from the alias table alone, without sampling: column k's own share plus the
  /// shares other columns pass to k. Equals `probability(of:)` up to the table's rounding of
  /// each share to 2^-32, an absolute error below (1 + aliases of k) · 2^-32 / V.
  public func probabilitiesFromAliasTable() -> [Double] {
    var mass = [Double](repeating: 0, count: rangeMax)
    for (column, entry) in table.enumerated() {
      let own =
        entry.threshold == .max && Int(entry.alias) == column
        ? 1 : Double(entry.threshold) * 0x1p-32
      mass[column] += own
      mass[Int(entry.alias)] += 1 - own
    }
    return mass.map { $0 / Double(rangeMax) }
  }

  /// Vose's alias method in Double. Zero-weight columns are paired first, while a column with
  /// more than its share is sure to exist, so that rounding can never leave one drawable.
  private static func aliasTable(weights: [Double], total: Double) -> [AliasEntry] {
    let count = weights.count
    var scaled = weights.map { $0 * Double(count) / total }
    var table = [AliasEntry](repeating: AliasEntry(threshold: .max, alias: 0), count: count)
    let heaviest = Int32(weights.indices.max { weights[$0] < weights[$1] } ?? 0)
    var small: [Int] = []
    var large: [Int] = []
    var zeros: [Int] = []
    for column in 0..<count {
      if weights[column] == 0 {
        zeros.append(column)
      } else if scaled[column] < 1 {
        small.append(column)
      } else {
        large.append(column)
      }
    }
    for column in zeros {
      guard let greater = large.last else {
        table[column] = AliasEntry(threshold: 0, alias: heaviest)
        continue
      }
      table[column] = AliasEntry(threshold: 0, alias: Int32(greater))
      scaled[greater] -= 1
      if scaled[greater] < 1 {
        large.removeLast()
        small.append(greater)
      }
    }
    while let lesser = small.last, let greater = large.last {
      small.removeLast()
      large.removeLast()
      table[lesser] = AliasEntry(threshold: threshold(scaled[lesser]), alias: Int32(greater))
      scaled[greater] -= 1 - scaled[lesser]
      if scaled[greater] < 1 { small.append(greater) } else { large.append(greater) }
    }
    // What is left has a share of 1 up to rounding.
    for column in small + large {
      table[column] = AliasEntry(threshold: .max, alias: Int32(column))
    }
    return table
  }

  /// A share in units of 2^-32; `.max` stands for 1 (a column that never defers to its alias).
  private static func threshold(_ share: Double) -> UInt32 {
    share <= 0 ? 0 : share >= 1 ? .max : UInt32(min((share * 0x1p32).rounded(), 0x1p32 - 1))
  }
}
