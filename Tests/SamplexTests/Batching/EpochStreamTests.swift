import Samplex
import Synchronization
import TestSupport
import Testing

/// Keeps every sentence it is given.
struct SentenceRecorder: SentenceConsumer, Sendable {
  var sentences: [[Int32]] = []
  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    sentences.append(Array(sentence))
  }
}

@Suite struct EpochStreamTests {
  private func stream(_ path: String, threshold: Double) throws -> EpochStream {
    let source = try TextSource(path: path)
    let vocabulary = try VocabularyBuilder.counting(source, options: .init()).builder
      .build(minCount: 5, corpus: path)
    return EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: threshold),
      tokenizerOptions: .init())
  }

  @Test func withoutSubsamplingWorkersSeeExactlyTheKnownWords() throws {
    let epoch = try stream(Fixtures.bundledPlainCorpus, threshold: 0)
    let one = try epoch.run(workers: 1, seed: 1) { _ in
      SentenceRecorder()
    } summarize: {
      $0
    }
    let two = try epoch.run(workers: 2, seed: 1) { _ in
      SentenceRecorder()
    } summarize: {
      $0
    }
    let expected = epoch.vocabulary.counts.reduce(0, +)
    #expect(Int64(one[0].keptTokens) == expected)
    #expect(one[0].summary.sentences == two.flatMap(\.summary.sentences))
    #expect(
      one[0].summary.sentences.allSatisfy {
        $0.allSatisfy { $0 >= 0 && Int($0) < epoch.vocabulary.count }
      })
  }

  @Test func oneWorkerWithASeedIsReproducible() throws {
    let epoch = try stream(Fixtures.data("kjv.txt.zst"), threshold: 1e-3)
    let first = try epoch.countWindows(window: 5, workers: 1, seed: 42)
    let second = try epoch.countWindows(window: 5, workers: 1, seed: 42)
    let other = try epoch.countWindows(window: 5, workers: 1, seed: 43)
    #expect(first[0].summary.checksum == second[0].summary.checksum)
    #expect(first[0].summary.pairs == second[0].summary.pairs)
    #expect(first[0].summary.checksum != other[0].summary.checksum)
    // Subsampling at 1e-3 drops a good share of "the", "and", "of".
    #expect(first[0].keptTokens < first[0].knownTokens * 9 / 10)
  }
}

/// Wants no more once it has had a sentence (those of the chunk in progress still arrive).
struct FirstSentenceOnly: SentenceConsumer, Sendable {
  var sentences = 0
  var wantsMore: Bool { sentences == 0 }
  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    sentences += 1
  }
}

@Suite struct EarlyStopTests {
  /// A consumer that wants no more stops the pass at the next chunk: the bundled Bible has 790K
  /// words in many 256 KiB chunks, so each worker reads far fewer; through the single-reader
  /// queue of a `.zst` the remaining blocks are drained, so the pass still returns.
  @Test(arguments: [Fixtures.data("kjv.txt.zst"), Fixtures.bundledPlainCorpus])
  func aConsumerThatWantsNoMoreEndsThePassEarly(path: String) throws {
    let source = try TextSource(path: path)
    let (vocabulary, statistics) = try VocabularyBuilder.vocabulary(
      of: source, options: TrainingOptions())
    let stream = EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: 0), tokenizerOptions: .init())
    let results = try stream.run(workers: 2, seed: 1) { _ in
      FirstSentenceOnly()
    } summarize: {
      $0.sentences
    }
    let tokensRead = results.reduce(0) { $0 + $1.statistics.tokens }
    // Through the queue, the first worker to stop drains the blocks left, so the other may
    // get none: count sentences over all workers.
    #expect(results.reduce(0) { $0 + $1.summary } >= 1)
    #expect(tokensRead < statistics.tokens / 4)
  }
}
