import Samplex

/// A consumer that keeps only the held-out sentences of a pass: the bench builds its one
/// held-out set this way before any cell trains, so that every cell is scored on the same pairs
/// from its first evaluation on (the sentences are the ones training leaves out, chosen by a
/// hash of their text). It also counts the vocabulary words of the sentences training keeps,
/// as a worker counts them: one epoch's words, which every cell of the bench trains.
struct HeldOutCollector: SentenceConsumer {
  /// Stop keeping sentences past this many words.
  let wordCap: Int
  var sentences: [[Int32]] = []
  var words = 0
  /// Vocabulary words of the training sentences, before subsampling.
  var trainingWords = 0

  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    trainingWords += knownTokens
  }

  mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>) {
    guard words < wordCap else { return }
    sentences.append(Array(sentence))
    words += sentence.count
  }
}

extension HeldOutSet {
  /// The held-out pairs of a corpus as a training run with `options` leaves them out: one pass
  /// that keeps the held-out sentences, then their first `limit` skip-gram pairs; with the
  /// vocabulary words that pass left for training (one epoch's words seen).
  /// - Throws: a reading error of the corpus.
  package static func collect(
    source: any Corpus, vocabulary: Vocabulary, options: TrainingOptions, limit: Int
  ) throws -> (heldOut: HeldOutSet, trainingWords: Int) {
    let stream = EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: options.subsample),
      tokenizerOptions: TokenizerOptions(lowercase: options.lowercase),
      heldOutShare: options.heldOutShare)
    let results = try stream.run(workers: options.workers, seed: options.seed) { _ in
      HeldOutCollector(wordCap: limit)
    } summarize: {
      (sentences: $0.sentences, trainingWords: $0.trainingWords)
    }
    let heldOut = HeldOutSet(
      sentences: results.flatMap(\.summary.sentences), window: options.window, limit: limit)
    return (heldOut, results.map(\.summary.trainingWords).reduce(0, +))
  }

  /// `count` of the pairs, evenly spread over the set: a probe batch.
  package func spread(_ count: Int) -> HeldOutSet {
    let taken = min(count, self.count)
    guard taken > 0 else { return HeldOutSet(contexts: [], centres: []) }
    let indices = (0..<taken).map { $0 * self.count / taken }
    return HeldOutSet(contexts: indices.map { contexts[$0] }, centres: indices.map { centres[$0] })
  }
}
