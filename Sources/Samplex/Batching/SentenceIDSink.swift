/// Receives the sentences of ids a worker trains on, one at a time, with the worker's generator.
package protocol SentenceConsumer: SendableMetatype {
  /// A sentence after subsampling; `knownTokens` is how many vocabulary words it had before
  /// (word2vec's measure of progress).
  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar)
  /// A whole sentence set aside for held-out evaluation (never trained on); by default ignored.
  mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>)
  /// Whether the consumer still wants sentences (by default always): once false, the pass
  /// stops reading at its next chunk.
  var wantsMore: Bool { get }
}

extension SentenceConsumer {
  package mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>) {}
  package var wantsMore: Bool { true }
}

/// Turns tokens into the sentences a trainer sees: each token is looked up in the vocabulary
/// (unknown words are dropped, as word2vec does), then kept or dropped by the subsampler, and
/// each sentence end hands the kept ids to the consumer.
///
/// With a held-out share, a sentence is set aside whole (before subsampling) when a hash of its
/// ids falls below that share: the choice depends on the text alone, so every epoch, every
/// shard plan and every number of workers hold out the same sentences.
package struct SentenceIDSink<Consumer: SentenceConsumer>: TokenSink {
  package let vocabulary: Vocabulary
  /// The subsampler's `keepThresholds`.
  let keepThresholds: [UInt64]
  package var random: Xoshiro256StarStar
  package var consumer: Consumer
  private var sentence: [Int32] = []
  /// Every vocabulary word of the sentence, kept only when sentences can be held out.
  private var known: [Int32] = []
  private var sentenceHash: UInt64 = 0
  /// Vocabulary words of the current sentence so far.
  private var pendingKnown = 0
  /// Sentences whose mixed hash is below this are held out (0: none).
  private let heldOutThreshold: UInt64
  /// Tokens found in the vocabulary (before subsampling): word2vec's progress measure.
  package private(set) var knownTokens = 0
  /// Ids handed on after subsampling.
  package private(set) var keptTokens = 0
  /// Sentences with vocabulary words still to pass over unread: a run resumed inside an epoch
  /// skips what it had already trained on, drawing nothing from the generator (see
  /// `WorkerPosition`).
  package var sentencesToSkip = 0

  package init(
    vocabulary: Vocabulary, subsampler: Subsampler, random: Xoshiro256StarStar, consumer: Consumer,
    heldOutShare: Double = 0
  ) {
    self.vocabulary = vocabulary
    self.keepThresholds = subsampler.keepThresholds
    self.random = random
    self.consumer = consumer
    heldOutThreshold = UInt64(min(max(heldOutShare, 0), 0.5) * 0x1p64)
    sentence.reserveCapacity(1024)
  }

  package var wantsMore: Bool { consumer.wantsMore }

  @inline(__always)
  package mutating func consume(token: UnsafeRawBufferPointer) {
    let id = vocabulary.id(of: token)
    if id >= 0 { consume(id: id) }
  }

  /// A vocabulary word's id, as `consume(token:)` looked it up.
  @inline(__always)
  package mutating func consume(id: Int32) {
    consume(id: id, keepThreshold: keepThresholds.withUnsafeBufferPointer { $0[Int(id)] })
  }

  /// A vocabulary word's id with its `keepThresholds` entry, which an `IDSpool` replay looks
  /// up together with the id.
  @inline(__always)
  mutating func consume(id: Int32, keepThreshold keep: UInt64) {
    if sentencesToSkip > 0 {
      pendingKnown &+= 1
      return
    }
    knownTokens &+= 1
    pendingKnown &+= 1
    if heldOutThreshold > 0 {
      known.append(id)
      sentenceHash = (sentenceHash ^ UInt64(UInt32(bitPattern: id))) &* 0x9E37_79B9_7F4A_7C15
    }
    if keep < 1 << 32 && (random.next() >> 32) >= keep { return }
    sentence.append(id)
  }

  package mutating func endSentence() {
    if sentencesToSkip > 0 {
      // Only sentences with vocabulary words reach a consumer, so only those are counted.
      if pendingKnown > 0 { sentencesToSkip -= 1 }
      pendingKnown = 0
      return
    }
    let knownCount = pendingKnown
    defer {
      sentence.removeAll(keepingCapacity: true)
      known.removeAll(keepingCapacity: true)
      sentenceHash = 0
      pendingKnown = 0
    }
    if heldOutThreshold > 0, !known.isEmpty {
      var mixed = sentenceHash ^ (sentenceHash >> 29)
      mixed = mixed &* 0xBF58_476D_1CE4_E5B9
      mixed ^= mixed >> 32
      if mixed < heldOutThreshold {
        known.withUnsafeBufferPointer { consumer.consumeHeldOut(sentence: $0) }
        return
      }
    }
    // A sentence that subsampling emptied still counts its words towards progress.
    if sentence.isEmpty && knownCount == 0 { return }
    keptTokens &+= sentence.count
    sentence.withUnsafeBufferPointer {
      consumer.consume(sentence: $0, knownTokens: knownCount, random: &random)
    }
  }
}

/// A consumer that ignores what it is given: for measuring the stream alone.
package struct DiscardingConsumer: SentenceConsumer, Sendable {
  package init() {}
  package mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {}
}
