/// A sampler that cannot be built or used as asked, with what to do about it.
public enum SamplerError: Error, CustomStringConvertible, Equatable, Sendable {
  case rangeTooSmall(numSampled: Int, rangeMax: Int)
  case emptyRange
  case negativePower(Double)
  case invalidCount(id: Int, count: Double)
  case allCountsZero

  public var description: String {
    switch self {
    case .rangeTooSmall(let numSampled, let rangeMax):
      return
        "cannot draw \(numSampled) distinct candidates from \(rangeMax) classes; "
        + "lower the number of samples to at most \(rangeMax) or drop 'unique'."
    case .emptyRange:
      return "a sampler needs at least one class; check the vocabulary size."
    case .negativePower(let power):
      return "the unigram power \(power) is negative; use a power ≥ 0 (0.75 is word2vec's)."
    case .invalidCount(let id, let count):
      return "the count \(count) of id \(id) is negative or not finite; counts must be ≥ 0."
    case .allCountsZero:
      return "every unigram count is zero, so no class can be drawn; check the counts file."
    }
  }

  /// Throws `rangeTooSmall` unless `numSampled` distinct ids can be drawn from `rangeMax`.
  public static func checkUnique(numSampled: Int, rangeMax: Int) throws(SamplerError) {
    if numSampled > rangeMax { throw .rangeTooSmall(numSampled: numSampled, rangeMax: rangeMax) }
  }
}
