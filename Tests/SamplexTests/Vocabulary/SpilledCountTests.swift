import Foundation
import TestSupport
import Testing

@testable import Samplex

/// A count whose table spills (`VocabularyOverflow.spill`) is the exact count: the same words,
/// counts and order as an unlimited table's, whatever the limit, the workers and the bytes of
/// the words; a pruning count still prunes.
@Suite struct SpilledCountTests {
  /// A corpus of about 3,000 distinct words (some of them non-ASCII) over 60,000 tokens, Zipf-like,
  /// many of them tied in count; lines of 12 words.
  private static func corpus() throws -> String {
    var random = SplitMix64(seed: 11)
    var lines: [String] = []
    var line: [String] = []
    for _ in 0..<60_000 {
      let unit = Double(random.next() >> 11) / Double(1 << 53)
      let rank = Int(pow(unit, 3) * 3000)
      line.append(rank % 7 == 0 ? "mot\(rank)é" : rank % 11 == 0 ? "слово\(rank)" : "w\(rank)")
      if line.count == 12 {
        lines.append(line.joined(separator: " "))
        line = []
      }
    }
    let path = try Fixtures.temporaryDirectory() + "/zipf.txt"
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Each word's count, read by splitting the text on whitespace: a count that shares no code
  /// with the counting pass.
  private static func exactCounts(of path: String) throws -> [String: Int64] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var counts: [String: Int64] = [:]
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
      counts[String(word), default: 0] += 1
    }
    return counts
  }

  @Test(arguments: [1, 4])
  func aSpilledCountIsTheExactCount(workers: Int) throws {
    let path = try Self.corpus()
    let exact = try Self.exactCounts(of: path)
    #expect(exact.count > 2500)
    let spills = try Fixtures.temporaryDirectory()
    let source = try TextSource(path: path)
    let spilled = try VocabularyBuilder.counting(
      source, options: .init(), maxDistinct: 50, spillDirectory: spills, workers: workers)
    #expect(spilled.builder.spillCount > CountRun.fanIn * workers)
    let unlimited = try VocabularyBuilder.counting(source, options: .init(), workers: workers)
    #expect(unlimited.builder.spillCount == 0)
    let (vocabulary, distinct) = try spilled.builder.counted(minCount: 1, corpus: path)
    #expect(distinct == exact.count)
    let counts = Dictionary(uniqueKeysWithValues: zip(vocabulary.words, vocabulary.counts))
    #expect(counts == exact, "the spilled counts differ from the exact counts")
    // The same ids as the unlimited count's, ties included, with min_count and max_size too.
    for (minCount, maxSize) in [(1, nil), (3, 500), (2, 7)] as [(Int, Int?)] {
      let a = try spilled.builder.build(minCount: minCount, maxSize: maxSize, corpus: path)
      let b = try unlimited.builder.build(minCount: minCount, maxSize: maxSize, corpus: path)
      let same = a.words == b.words && a.counts == b.counts
      #expect(same, "min_count \(minCount), max_size \(maxSize ?? 0): the ids differ")
    }
    #expect(spilled.builder.totalTokens == 60_000)
  }

  /// A training run's counting pass with a small `vocabulary.max_distinct` builds the vocabulary
  /// an unlimited one builds; its spool is not used (a spill renumbers the tables), so the first
  /// epoch reads the text.
  @Test func aTrainingRunsSpilledCountIsItsUnlimitedCount() throws {
    let path = try Self.corpus()
    var options = TrainingOptions()
    options.workers = 3
    options.minCount = 2
    let unlimited = try VocabularyBuilder.vocabulary(of: TextSource(path: path), options: options)
    options.maxDistinct = 50
    let spool = try #require(IDSpool(workers: 3))
    let spilled = try VocabularyBuilder.vocabulary(
      of: TextSource(path: path), options: options, spool: spool)
    let same =
      spilled.vocabulary.words == unlimited.vocabulary.words
      && spilled.vocabulary.counts == unlimited.vocabulary.counts
    #expect(same, "the spilled count's vocabulary differs from the unlimited one's")
    #expect(spilled.statistics == unlimited.statistics)
    #expect(!spool.isComplete)
  }

  @Test func aPruningCountStillPrunes() throws {
    let path = try Self.corpus()
    let exact = try Self.exactCounts(of: path)
    let pruned = try VocabularyBuilder.counting(
      TextSource(path: path), options: .init(), maxDistinct: 50, overflow: .prune, workers: 4)
    #expect(pruned.builder.pruneCount > 0)
    #expect(pruned.builder.spillCount == 0)
    let vocabulary = try pruned.builder.build(minCount: 1, corpus: path)
    #expect(vocabulary.count <= 50)
    #expect(vocabulary.totalCount < 60_000)
    let short = zip(vocabulary.words, vocabulary.counts).filter { exact[$0.0]! > $0.1 }
    #expect(!short.isEmpty, "a pruned count keeps some counts short")
  }

  /// The runs are unlinked as they are made, so the folder never shows them, and their files
  /// close (the system frees them) when the count that holds them goes.
  @Test func spilledRunsLeaveNothingBehind() throws {
    let path = try Self.corpus()
    let spills = try Fixtures.temporaryDirectory()
    do {
      let spilled = try VocabularyBuilder.counting(
        TextSource(path: path), options: .init(), maxDistinct: 50, spillDirectory: spills,
        workers: 2)
      #expect(spilled.builder.spillCount > 0)
      #expect(try FileManager.default.contentsOfDirectory(atPath: spills).isEmpty)
      #expect(Self.openFiles(in: spills) > 0)
      _ = try spilled.builder.build(minCount: 1, corpus: path)
    }
    #expect(Self.openFiles(in: spills) == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: spills).isEmpty)
  }

  /// Once the counting pass's table spills, its spool files are emptied and written no more:
  /// the renumbered indices could never be replayed (before, they grew to the pass's end). With
  /// two files, one sink deals the corpus out to both (standard input's way), and both stop.
  @Test(arguments: [1, 2])
  func aSpillStopsTheCountingPassSpool(files: Int) throws {
    let spoolFolder = try Fixtures.temporaryDirectory()
    let spool = try #require(IDSpool(workers: files, directory: spoolFolder))
    let builder = VocabularyBuilder(
      maxDistinct: 50, spillDirectory: try Fixtures.temporaryDirectory())
    var sink = spool.counting(builder, workers: Array(0..<files))
    func sentence(_ words: Range<Int>) {
      for word in words {
        Array("w\(word)".utf8).withUnsafeBytes { sink.consume(token: $0) }
      }
      sink.endSentence()
    }
    // 40 distinct words a sentence, the same ones again and again: no spill, past the writer's
    // buffer, and dealt out to every file.
    for _ in 0..<20_000 { sentence(0..<40) }
    let before = Self.sizes(in: spoolFolder)
    #expect(before.count == files && before.allSatisfy { $0 > 0 }, "written before the spill")
    sentence(40..<100)
    #expect(sink.wrapped.spillCount > 0)
    for _ in 0..<20_000 { sentence(0..<40) }
    #expect(Self.sizes(in: spoolFolder) == Array(repeating: 0, count: files))
    sink.finish()
    #expect(!spool.isComplete)
  }

  /// The descriptors this process holds open of files in `folder` (deleted ones included).
  private static func openDescriptors(in folder: String) -> [String] {
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.map { "/proc/self/fd/" + $0 }.filter { path in
      let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
      return target?.hasPrefix(folder + "/") == true
    }
  }

  /// How many files in `folder` this process holds open.
  private static func openFiles(in folder: String) -> Int { openDescriptors(in: folder).count }

  /// The sizes of the files in `folder` this process holds open (a size that cannot be read
  /// counts as -1).
  private static func sizes(in folder: String) -> [Int] {
    openDescriptors(in: folder).map { path in
      var status = stat()
      return stat(path, &status) == 0 ? Int(status.st_size) : -1
    }
  }

  /// Tokens of any bytes (a zero byte, invalid UTF-8, the empty token, tokens longer than the
  /// runs' buffers) come back from a run and its merge with their bytes and counts.
  @Test func anyBytesRoundTripThroughTheRuns() throws {
    let spills = try Fixtures.temporaryDirectory()
    let long = [UInt8](repeating: 0x61, count: 300_000)
    let tokens: [[UInt8]] = [
      [0], [0xFF, 0xFE], [0xC3], Array("naïve".utf8), [], long, long + [0x62], [0x61], [0x61, 0],
    ]
    var expected: [[UInt8]: Int64] = [:]
    var runs: [CountRun] = []
    for (part, repeats) in [3, 1, 2].enumerated() {
      let table = TokenTable()
      for (index, token) in tokens.enumerated() where (index + part) % 3 != 0 {
        token.withUnsafeBytes { _ = table.add($0, amount: Int64(repeats * (index + 1))) }
        expected[token, default: 0] += Int64(repeats * (index + 1))
      }
      runs.append(try CountRun(table: table, part: part, firstOrder: 0, directory: spills))
    }
    var merged: [[UInt8]: Int64] = [:]
    var order: [[UInt8]] = []
    try CountRunMerge.merge(runs, directory: spills) { key, count, _ in
      merged[Array(key)] = count
      order.append(Array(key))
    }
    #expect(merged == expected)
    #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) })
  }

  /// A builder fed tokens directly (non-ASCII, longer than the runs' buffers), spilling after
  /// every third distinct token, builds the vocabulary an unlimited builder builds.
  @Test func aSpillingBuilderKeepsLongAndNonASCIIWords() throws {
    let long = String(repeating: "ж", count: 200_000)
    let words = ["naïve", long, "日本語", "a", long + "x", "🙂", "naïve", "a", "日本語", long, "b"]
    var spilling = VocabularyBuilder(
      maxDistinct: 3, spillDirectory: try Fixtures.temporaryDirectory())
    var unlimited = VocabularyBuilder()
    for word in words + words.reversed() + words {
      var word = word
      word.withUTF8 { bytes in
        spilling.consume(token: UnsafeRawBufferPointer(bytes))
        unlimited.consume(token: UnsafeRawBufferPointer(bytes))
      }
    }
    #expect(spilling.spillCount > 0)
    let a = try spilling.build(minCount: 1, corpus: "test")
    let b = try unlimited.build(minCount: 1, corpus: "test")
    let same = a.words == b.words && a.counts == b.counts
    #expect(same, "the spilled count's vocabulary differs from the unlimited one's")
    #expect(a.words.contains(long))
  }

  @Test func aSpillThatCannotBeWrittenIsOneSentence() throws {
    let path = try Self.corpus()
    let error = #expect(throws: VocabularyError.self) {
      _ = try VocabularyBuilder.counting(
        TextSource(path: path), options: .init(), maxDistinct: 50,
        spillDirectory: "/no/such/folder", workers: 2)
    }
    #expect(
      error?.description
        == "/no/such/folder: the counts spilled there past vocabulary.max_distinct could not be "
        + "written or read back (no file can be created there: No such file or directory); set "
        + "TMPDIR to a folder with room, or raise --max-distinct.")
  }

  /// A spill sorts by 8-byte prefixes first (`CountRun.prefix`): wherever two prefixes differ,
  /// they order the tokens as their bytes do, NUL bytes, tokens shorter than 8 bytes and shared
  /// beginnings included.
  @Test func prefixesOrderTokensAsTheirBytesDo() {
    var random = SplitMix64(seed: 5)
    // Bytes from a small alphabet with 0 in it, so that ties and NULs past a short end are common.
    let tokens: [[UInt8]] = (0..<400).map { _ in
      (0..<Int(random.next() % 12)).map { _ in [0, 1, 97, 98, 255][Int(random.next() % 5)] }
    }
    var differing = 0
    for a in tokens {
      for b in tokens {
        a.withUnsafeBytes { a in
          b.withUnsafeBytes { b in
            let (left, right) = (CountRun.prefix(a), CountRun.prefix(b))
            guard left != right else { return }
            differing += 1
            #expect((left < right) == (CountRun.compare(a, b) < 0))
          }
        }
      }
    }
    #expect(differing > 100_000)
  }
}
