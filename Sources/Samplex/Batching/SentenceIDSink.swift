/// Turns tokens into the sentences a trainer sees: each token is looked up in the vocabulary
/// (unknown words are dropped, as word2vec does), then kept or dropped by the subsampler, and
/// each sentence end hands the kept ids to `onSentence`.
public struct SentenceIDSink<Random: RandomNumberGenerator>: TokenSink {
  public let vocabulary: Vocabulary
  private let keepThresholds: [UInt64]
  public var random: Random
  private var sentence: [Int32] = []
  private let onSentence: (UnsafeBufferPointer<Int32>, inout Random) -> Void
  /// Tokens found in the vocabulary (before subsampling): word2vec's progress measure.
  public private(set) var knownTokens = 0
  /// Ids handed on after subsampling.
  public private(set) var keptTokens = 0

  public init(
    vocabulary: Vocabulary, subsampler: Subsampler, random: Random,
    onSentence: @escaping (UnsafeBufferPointer<Int32>, inout Random) -> Void
  ) {
    self.vocabulary = vocabulary
    self.keepThresholds = subsampler.keepThresholds
    self.random = random
    self.onSentence = onSentence
    sentence.reserveCapacity(1024)
  }

  @inline(__always)
  public mutating func consume(token: UnsafeRawBufferPointer) {
    let id = vocabulary.id(of: token)
    if id < 0 { return }
    knownTokens &+= 1
    let keep = keepThresholds.withUnsafeBufferPointer { $0[Int(id)] }
    if keep < 1 << 32 && (random.next() >> 32) >= keep { return }
    sentence.append(id)
  }

  public mutating func endSentence() {
    guard !sentence.isEmpty else { return }
    keptTokens &+= sentence.count
    sentence.withUnsafeBufferPointer { onSentence($0, &random) }
    sentence.removeAll(keepingCapacity: true)
  }
}
