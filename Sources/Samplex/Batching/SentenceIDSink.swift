/// Receives the sentences of ids a worker trains on, one at a time, with the worker's generator.
public protocol SentenceConsumer {
  mutating func consume(sentence: UnsafeBufferPointer<Int32>, random: inout Xoshiro256StarStar)
}

/// Turns tokens into the sentences a trainer sees: each token is looked up in the vocabulary
/// (unknown words are dropped, as word2vec does), then kept or dropped by the subsampler, and
/// each sentence end hands the kept ids to the consumer.
public struct SentenceIDSink<Consumer: SentenceConsumer>: TokenSink {
  public let vocabulary: Vocabulary
  private let keepThresholds: [UInt64]
  public var random: Xoshiro256StarStar
  public var consumer: Consumer
  private var sentence: [Int32] = []
  /// Tokens found in the vocabulary (before subsampling): word2vec's progress measure.
  public private(set) var knownTokens = 0
  /// Ids handed on after subsampling.
  public private(set) var keptTokens = 0

  public init(
    vocabulary: Vocabulary, subsampler: Subsampler, random: Xoshiro256StarStar, consumer: Consumer
  ) {
    self.vocabulary = vocabulary
    self.keepThresholds = subsampler.keepThresholds
    self.random = random
    self.consumer = consumer
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
    sentence.withUnsafeBufferPointer { consumer.consume(sentence: $0, random: &random) }
    sentence.removeAll(keepingCapacity: true)
  }
}

/// A consumer that ignores what it is given: for measuring the stream alone.
public struct DiscardingConsumer: SentenceConsumer, Sendable {
  public init() {}
  public mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, random: inout Xoshiro256StarStar
  ) {}
}
