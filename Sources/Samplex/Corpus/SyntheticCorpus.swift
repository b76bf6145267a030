import Foundation

/// A synthetic corpus with a Zipfian vocabulary and planted structure, generated as a stream:
/// for large-vocabulary benchmarks (V up to 10^6 and beyond) whose neighbours have a known answer.
///
/// Words are `w0`, `w1`, … by rank; word r has weight 1/(r+1)^s. The vocabulary is cut into
/// groups of `groupSize` consecutive ranks (word r is in group r / groupSize). Each sentence
/// picks a group with probability proportional to its words' total weight, and each of its
/// tokens is, with probability `topicShare`, a word of that group drawn by weight, otherwise a
/// word of the whole vocabulary drawn by weight. A word's marginal probability is therefore
/// exactly its Zipf weight (topicShare·P(g)·w_r/W_g + (1 − topicShare)·w_r/W with
/// P(g) = W_g/W gives w_r/W), and words of one group share their sentences: a word's nearest
/// neighbours should be its group mates.
public struct SyntheticCorpus: ByteSource {
  public struct Settings: Sendable, Equatable {
    public var vocabularySize: Int
    public var tokens: Int
    /// The Zipf exponent s.
    public var exponent: Double
    public var groupSize = 8
    public var topicShare = 0.5
    public var seed: UInt64 = 1
    /// Sentences have 10…30 tokens (the last one fewer, to end at `tokens`).
    public var sentenceLengths = 10...30

    public init(vocabularySize: Int, tokens: Int, exponent: Double) {
      self.vocabularySize = vocabularySize
      self.tokens = tokens
      self.exponent = exponent
    }
  }

  public let settings: Settings
  private let words: UnigramSampler
  private let groups: UnigramSampler
  private let weights: [Double]
  private let groupWeights: [Double]
  private var random: Xoshiro256StarStar
  private var written = 0
  /// The sentence being handed out, and how much of it is.
  private var line: [UInt8] = []
  private var lineOffset = 0

  /// - Throws: `SamplerError` for an empty vocabulary or a negative exponent.
  public init(_ settings: Settings) throws(SamplerError) {
    guard settings.vocabularySize >= 1 else { throw .emptyRange }
    guard settings.exponent >= 0, settings.exponent.isFinite else {
      throw .negativePower(settings.exponent)
    }
    self.settings = settings
    let weights = (0..<settings.vocabularySize).map { 1 / pow(Double($0 + 1), settings.exponent) }
    let size = max(1, settings.groupSize)
    var groupWeights = [Double](
      repeating: 0, count: (settings.vocabularySize + size - 1) / size)
    for (rank, weight) in weights.enumerated() { groupWeights[rank / size] += weight }
    self.weights = weights
    self.groupWeights = groupWeights
    words = try UnigramSampler(counts: weights, power: 1)
    groups = try UnigramSampler(counts: groupWeights, power: 1)
    random = Xoshiro256StarStar(seed: settings.seed)
    line.reserveCapacity(32 * 12)
  }

  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
    var filled = 0
    while filled < buffer.count {
      if lineOffset == line.count {
        guard written < settings.tokens else { break }
        makeSentence()
      }
      let count = min(buffer.count - filled, line.count - lineOffset)
      for index in 0..<count { buffer[filled + index] = line[lineOffset + index] }
      filled += count
      lineOffset += count
    }
    return filled
  }

  private mutating func makeSentence() {
    let size = max(1, settings.groupSize)
    let length = min(
      settings.tokens - written,
      random.next(below: settings.sentenceLengths.count) + settings.sentenceLengths.lowerBound)
    let group = Int(groups.draw(using: &random))
    let first = group * size
    let last = min(first + size, settings.vocabularySize)
    line.removeAll(keepingCapacity: true)
    lineOffset = 0
    for position in 0..<length {
      let word: Int
      if Double(random.next() >> 11) * 0x1p-53 < settings.topicShare {
        // A member of the group, by weight: a short scan.
        var target = Double(random.next() >> 11) * 0x1p-53 * groupWeights[group]
        var member = first
        while member < last - 1, target >= weights[member] {
          target -= weights[member]
          member += 1
        }
        word = member
      } else {
        word = Int(words.draw(using: &random))
      }
      if position > 0 { line.append(0x20) }
      line.append(0x77)  // "w"
      appendDecimal(word)
    }
    line.append(TextBytes.newline)
    written += length
  }

  /// Appends the decimal digits of `value` (≥ 0) to the line.
  private mutating func appendDecimal(_ value: Int) {
    var divisor = 1
    while divisor <= value / 10 { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      line.append(UInt8(0x30 + rest / divisor))
      rest %= divisor
      divisor /= 10
    }
  }
}
