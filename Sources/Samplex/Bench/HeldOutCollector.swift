/// A consumer that keeps only the held-out sentences of a pass: the bench builds its one
/// held-out set this way before any cell trains, so that every cell is scored on the same pairs
/// from its first evaluation on (the sentences are the ones training leaves out, chosen by a
/// hash of their text).
struct HeldOutCollector: SentenceConsumer {
  /// Stop keeping sentences past this many words.
  let wordCap: Int
  var sentences: [[Int32]] = []
  var words = 0

  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {}

  mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>) {
    guard words < wordCap else { return }
    sentences.append(Array(sentence))
    words += sentence.count
  }
}

extension HeldOutSet {
  /// The held-out pairs of a corpus as a training run with `options` leaves them out: one pass
  /// that keeps the held-out sentences, then their first `limit` skip-gram pairs.
  /// - Throws: a reading error of the corpus.
  public static func collect(
    source: TextSource, vocabulary: Vocabulary, options: TrainingOptions, limit: Int
  ) throws -> HeldOutSet {
    let stream = EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: options.subsample),
      tokenizerOptions: TokenizerOptions(lowercase: options.lowercase),
      heldOutShare: options.heldOutShare)
    let results = try stream.run(workers: options.workers, seed: options.seed) { _ in
      HeldOutCollector(wordCap: limit)
    } summarize: {
      $0.sentences
    }
    return HeldOutSet(sentences: results.flatMap(\.summary), window: options.window, limit: limit)
  }

  /// `count` of the pairs, evenly spread over the set: a probe batch.
  public func spread(_ count: Int) -> HeldOutSet {
    let taken = min(count, self.count)
    guard taken > 0 else { return HeldOutSet(contexts: [], centres: []) }
    let indices = (0..<taken).map { $0 * self.count / taken }
    return HeldOutSet(contexts: indices.map { contexts[$0] }, centres: indices.map { centres[$0] })
  }
}
