import Samplex
import TestSupport
import Testing

/// Keeps everything a pass gives a worker: sentences after subsampling with their counts of
/// known words, held-out sentences, and the generator's state after each sentence (so that a
/// different number of draws shows even where the kept words agree).
struct PassRecorder: SentenceConsumer, Sendable, Equatable {
  var sentences: [[Int32]] = []
  var knownTokens: [Int] = []
  var heldOut: [[Int32]] = []
  var draws: [UInt64] = []
  mutating func consume(
    sentence: UnsafeBufferPointer<Int32>, knownTokens: Int, random: inout Xoshiro256StarStar
  ) {
    sentences.append(Array(sentence))
    self.knownTokens.append(knownTokens)
    var copy = random
    draws.append(copy.next())
  }
  mutating func consumeHeldOut(sentence: UnsafeBufferPointer<Int32>) {
    heldOut.append(Array(sentence))
  }
}

@Suite struct IDSpoolTests {
  /// 12,000 lines over 20,011 words seen twice or more, so that ids take one, two and three
  /// bytes and the spool (about 200,000 ids) crosses its 256 KiB buffer; every fifth line is
  /// only words seen once (none in the vocabulary at min_count 2) and every seventh is empty.
  static func corpus() throws -> String {
    var text = ""
    for line in 0..<12_000 {
      if line % 7 == 0 {
        text += "\n"
      } else if line % 5 == 0 {
        text += "once\(line)a once\(line)b\n"
      } else {
        let words = (0..<16).map { "w\((line &* 7919 &+ $0 &* 104_729) % 20_011)" }
        text += "the of " + words.joined(separator: " ") + " once\(line) and\n"
      }
    }
    return try Fixtures.file(named: "spool-corpus.txt", bytes: Array(text.utf8))
  }

  private func stream(_ path: String) throws -> EpochStream {
    let source = try TextSource(path: path)
    let vocabulary = try VocabularyBuilder.counting(source, options: .init()).builder
      .build(minCount: 2, corpus: path)
    return EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: 1e-3),
      tokenizerOptions: .init(), heldOutShare: 0.05)
  }

  private func pass(
    _ stream: EpochStream, workers: Int, spool: IDSpool?, from positions: [WorkerPosition]? = nil
  ) throws -> [EpochStream.WorkerResult<PassRecorder>] {
    try stream.run(workers: workers, seed: 9, from: positions, spool: spool) { _ in
      PassRecorder()
    } summarize: {
      $0
    }
  }

  /// The pass that writes the spool and the one that replays it give every worker what the
  /// text gives it: the same sentences, held-out sentences, counts and draws.
  @Test(arguments: [1, 2])
  func replayingTheSpoolGivesWhatTheTextGives(workers: Int) throws {
    let stream = try stream(try Self.corpus())
    #expect(stream.vocabulary.count > 16_384 + 3)
    let text = try pass(stream, workers: workers, spool: nil)
    let spool = try #require(IDSpool(workers: workers))
    #expect(!spool.isComplete)
    let writing = try pass(stream, workers: workers, spool: spool)
    #expect(spool.isComplete)
    let replay = try pass(stream, workers: workers, spool: spool)
    // A replay reads no text: its tokenizer counted nothing.
    #expect(writing.allSatisfy { $0.statistics.tokens > 0 })
    #expect(replay.allSatisfy { $0.statistics.tokens == 0 })
    for worker in 0..<workers {
      #expect(text[worker].summary.sentences.count > 1000)
      #expect(!text[worker].summary.heldOut.isEmpty)
      #expect(writing[worker].summary == text[worker].summary)
      #expect(replay[worker].summary == text[worker].summary)
      #expect(replay[worker].knownTokens == text[worker].knownTokens)
      #expect(replay[worker].keptTokens == text[worker].keptTokens)
    }
  }

  /// A pass resumed inside an epoch passes over the same sentences in the spool as in the text.
  @Test func aResumedPassSkipsTheSameSentencesInTheSpool() throws {
    let stream = try stream(try Self.corpus())
    let spool = try #require(IDSpool(workers: 1))
    _ = try pass(stream, workers: 1, spool: spool)
    let position = WorkerPosition(
      finished: false, sentences: 4321, streamRandom: Xoshiro256StarStar(seed: 77),
      lossRandom: Xoshiro256StarStar(seed: 78), heldOut: [])
    let text = try pass(stream, workers: 1, spool: nil, from: [position])
    let replay = try pass(stream, workers: 1, spool: spool, from: [position])
    #expect(replay[0].statistics.tokens == 0)
    #expect(replay[0].summary == text[0].summary)
    let whole = try pass(stream, workers: 1, spool: nil)
    let sentencesLeft = text[0].summary.sentences.count + text[0].summary.heldOut.count
    let sentencesAll = whole[0].summary.sentences.count + whole[0].summary.heldOut.count
    #expect(sentencesLeft == sentencesAll - 4321)
  }

  /// A pass whose consumer stopped early leaves no spool to replay; the next whole pass writes
  /// one. A pass resumed from positions writes none (it would hold only part of the shard).
  @Test func onlyAWholePassFromTheStartWritesTheSpool() throws {
    let stream = try stream(try Self.corpus())
    let spool = try #require(IDSpool(workers: 2))
    _ = try stream.run(workers: 2, seed: 1, spool: spool) { _ in
      FirstSentenceOnly()
    } summarize: {
      $0.sentences
    }
    #expect(!spool.isComplete)
    let position = WorkerPosition(
      finished: false, sentences: 10, streamRandom: Xoshiro256StarStar(seed: 1),
      lossRandom: Xoshiro256StarStar(seed: 2), heldOut: [])
    _ = try pass(stream, workers: 2, spool: spool, from: [position, position])
    #expect(!spool.isComplete)
    _ = try pass(stream, workers: 2, spool: spool)
    #expect(spool.isComplete)
  }

  /// Training with the spool is bit for bit training from the text every epoch.
  @Test func trainingFromTheSpoolIsTrainingFromTheText() throws {
    let path = try plantedCorpus(sentences: 400, seed: 4)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.epochs = 3
    options.subsample = 1e-2
    func train(spooling: Bool) throws -> TrainingRun {
      options.spoolsIDs = spooling
      return try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words)
    }
    let spooled = try train(spooling: true)
    let read = try train(spooling: false)
    #expect(spooled.model.input.array == read.model.input.array)
    #expect(spooled.model.output.array == read.model.output.array)
    #expect(spooled.heldOutCrossEntropy == read.heldOutCrossEntropy)
    #expect(spooled.wordsSeen == read.wordsSeen)
  }

  /// The counting pass of a run counts each worker's shard apart and spools it as table
  /// indices: the vocabulary is the one pass's (words, counts and ids, ties included), and
  /// replaying the spool, each index as its id, gives every worker what the text gives it.
  @Test(arguments: [1, 2])
  func theCountingPassSpoolsWhatTheTextGives(workers: Int) throws {
    let path = try Self.corpus()
    let one = try stream(path)
    var options = TrainingOptions()
    options.workers = workers
    options.minCount = 2
    let spool = try #require(IDSpool(workers: workers))
    let (vocabulary, statistics) = try VocabularyBuilder.vocabulary(
      of: TextSource(path: path), options: options, spool: spool)
    #expect(vocabulary.words == one.vocabulary.words)
    #expect(vocabulary.counts == one.vocabulary.counts)
    #expect(
      statistics
        == (try VocabularyBuilder.counting(TextSource(path: path), options: .init()).statistics))
    #expect(spool.isComplete)
    let text = try pass(one, workers: workers, spool: nil)
    let replay = try pass(one, workers: workers, spool: spool)
    for worker in 0..<workers {
      #expect(replay[worker].statistics.tokens == 0)
      #expect(!replay[worker].summary.heldOut.isEmpty)
      #expect(replay[worker].summary == text[worker].summary)
      #expect(replay[worker].knownTokens == text[worker].knownTokens)
    }
  }

  /// When a pruning worker's shard holds more distinct words than its share of the limit (here
  /// each half of the corpus holds about 26,200 distinct tokens, each of two workers may hold
  /// 15,000, and the whole, 32,356, is past the limit of 30,000), one sequential pass counts
  /// again, pruning as it goes, and nothing is spooled: the first epoch reads the text.
  @Test func aCountThatWouldPruneIsOneSequentialPass() throws {
    let path = try Self.corpus()
    let source = try TextSource(path: path)
    let sequential = try VocabularyBuilder.counting(
      source, options: .init(), maxDistinct: 30_000, overflow: .prune)
    #expect(sequential.builder.pruneCount > 0)
    var options = TrainingOptions()
    options.workers = 2
    options.minCount = 2
    options.maxDistinct = 30_000
    options.vocabularyOverflow = .prune
    let spool = try #require(IDSpool(workers: 2))
    let vocabulary = try VocabularyBuilder.vocabulary(
      of: source, options: options, spool: spool
    ).vocabulary
    let expected = try sequential.builder.build(minCount: 2, corpus: path)
    #expect(vocabulary.words == expected.words)
    #expect(vocabulary.counts == expected.counts)
    #expect(!spool.isComplete)
  }

  /// Training from the counting pass's spool is bit for bit training from the text.
  @Test func trainingFromTheCountingPassSpoolIsTrainingFromTheText() throws {
    let path = try plantedCorpus(sentences: 400, seed: 5)
    var options = plantedOptions()
    options.epochs = 2
    options.subsample = 1e-2
    let spool = try #require(IDSpool(workers: 1))
    let words = try VocabularyBuilder.vocabulary(
      of: TextSource(path: path), options: options, spool: spool
    ).vocabulary
    #expect(spool.isComplete)
    let spooled = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words, spool: spool)
    options.spoolsIDs = false
    let read = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    #expect(spooled.model.input.array == read.model.input.array)
    #expect(spooled.model.output.array == read.model.output.array)
    #expect(spooled.heldOutCrossEntropy == read.heldOutCrossEntropy)
  }

  /// Text that one reader must read in order (here a single-frame `.zst`; standard input is
  /// the other case) is counted in one pass that deals whole sentences out to the workers'
  /// files in turns of 65,536 tokens: the vocabulary is the pass's, and the workers' replays
  /// together hold every sentence of the text once.
  @Test func oneReaderDealsTheCorpusOutToEveryWorker() throws {
    let plain = try Self.corpus()
    let path = plain + ".zst"
    var reader = try TextSource(path: plain).sequentialReader()
    let frames = try FrameCompressor(frameBytes: 64 << 20).compress(&reader, to: path).frames
    #expect(frames == 1)
    let source = try TextSource(path: path)
    #expect(try !source.givesFixedShards(workers: 2))
    var options = TrainingOptions()
    options.workers = 2
    options.minCount = 2
    let spool = try #require(IDSpool(workers: 2))
    let vocabulary = try VocabularyBuilder.vocabulary(of: source, options: options, spool: spool)
      .vocabulary
    let one = try stream(plain)
    #expect(vocabulary.words == one.vocabulary.words)
    #expect(vocabulary.counts == one.vocabulary.counts)
    #expect(spool.isComplete)
    // No subsampling, so that a sentence is the same whichever worker's generator it meets.
    let whole = EpochStream(
      source: source, vocabulary: vocabulary,
      subsampler: Subsampler(vocabulary: vocabulary, threshold: 0), tokenizerOptions: .init(),
      heldOutShare: 0.05)
    let text = try pass(whole, workers: 1, spool: nil)[0].summary
    let replay = try pass(whole, workers: 2, spool: spool)
    #expect(replay.allSatisfy { $0.statistics.tokens == 0 && $0.summary.sentences.count > 1000 })
    let dealt = replay.flatMap(\.summary.sentences)
    #expect(dealt.count == text.sentences.count)
    #expect(
      dealt.sorted { $0.lexicographicallyPrecedes($1) }
        == text.sentences.sorted {
          $0.lexicographicallyPrecedes($1)
        })
    #expect(replay.flatMap(\.summary.heldOut).count == text.heldOut.count)
  }
}
