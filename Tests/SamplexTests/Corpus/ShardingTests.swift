import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Samplex

/// Every worker's sentences, in worker order.
func shardedSentences(of path: String, workers: Int) throws -> [[[String]]] {
  try shardedSentences(of: TextSource(path: path), workers: workers)
}

func shardedSentences(of source: any Corpus, workers: Int) throws -> [[[String]]] {
  let results = Mutex([[[String]]](repeating: [], count: workers))
  try source.readInParallel(workers: workers) { worker, reader in
    let found = try sentences(of: &reader)
    results.withLock { $0[worker] = found }
  }
  return results.withLock { $0 }
}

@Suite struct ShardingTests {
  @Test(arguments: [1, 2, 3, 7])
  func plainFileShardsYieldTheSequentialTokens(workers: Int) throws {
    let sequential = try sentences(ofFile: Fixtures.bundledPlainCorpus)
    let shards = try shardedSentences(of: Fixtures.bundledPlainCorpus, workers: workers)
    #expect(shards.flatMap { $0 } == sequential)
    if workers > 1 { #expect(shards.allSatisfy { !$0.isEmpty }) }
  }

  /// A one-line corpus (text8's layout) longer than `ShardBoundary.longLineBytes` is cut
  /// between tokens: every worker gets a share, and the tokens are the sequential ones, once.
  @Test(arguments: [2, 3, 4])
  func aOneLineCorpusIsSharedBetweenTokens(workers: Int) throws {
    let text = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.bundledPlainCorpus)))
    var line = text.map { $0 == TextBytes.newline ? UInt8(ascii: " ") : $0 }
    while line.count < 8 * ShardBoundary.longLineBytes { line += line }
    let path = try Fixtures.file(named: "one-line-\(workers).txt", bytes: line + [10])
    let shards = try shardedSentences(of: path, workers: workers)
    let sequential = try sentences(ofFile: path).joined()
    #expect(shards.flatMap { $0.joined() } == Array(sequential))
    let even = line.count / workers
    let ranges = try ShardBoundary(file: OpenFile(path: path), fileSize: line.count + 1)
      .ranges(workers: workers)
    #expect(ranges.allSatisfy { abs($0.count - even) < 64 })
    #expect(ranges.dropFirst().allSatisfy { TextBytes.isWhitespace(line[$0.lowerBound - 1]) })
  }

  /// Where a token is longer than the window a line start is looked for in, the shard begins
  /// after it, and the shards still give the sequential tokens.
  @Test func aTokenLongerThanTheWindowStaysInOneShard() throws {
    let long = [UInt8](repeating: UInt8(ascii: "x"), count: 3 * ShardBoundary.longLineBytes)
    let bytes = Array("a b ".utf8) + long + Array(" c d\n".utf8)
    let path = try Fixtures.file(named: "long-token.txt", bytes: bytes)
    let ranges = try ShardBoundary(file: OpenFile(path: path), fileSize: bytes.count)
      .ranges(workers: 3)
    #expect(ranges.map(\.upperBound) == [bytes.count - 4, bytes.count - 4, bytes.count])
    let shards = try shardedSentences(of: path, workers: 3)
    let sequential = try sentences(ofFile: path).joined()
    #expect(shards.flatMap { $0.joined() } == Array(sequential))
  }

  /// Lines shorter than the window keep the shards at line starts: no sentence is cut.
  @Test func shardsOfOrdinaryLinesBeginAtLineStarts() throws {
    let path = Fixtures.bundledPlainCorpus
    let text = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let ranges = try ShardBoundary(file: OpenFile(path: path), fileSize: text.count)
      .ranges(workers: 5)
    #expect(ranges.dropFirst().allSatisfy { text[$0.lowerBound - 1] == TextBytes.newline })
    #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == text.count)
  }

  @Test(arguments: [1, 2, 3, 5])
  func multiFrameZstdShardsYieldTheSequentialTokens(workers: Int) throws {
    let folder = try Fixtures.temporaryDirectory()
    // 64 KiB frames: the bundled corpus gives dozens of frames, cut at line ends.
    var reader = try TextSource(path: Fixtures.bundledPlainCorpus).sequentialReader()
    let written = try FrameCompressor(frameBytes: 1 << 16, level: 1).compress(
      &reader, to: folder + "/kjv.zst")
    #expect(written.frames > 20)
    let sequential = try sentences(ofFile: Fixtures.bundledPlainCorpus)
    let shards = try shardedSentences(of: folder + "/kjv.zst", workers: workers)
    #expect(shards.flatMap { $0 } == sequential)
  }

  @Test(arguments: [1, 2, 4])
  func framesCutInsideLinesStillYieldTheSequentialTokens(workers: Int) throws {
    // Frames of 1000 bytes written by hand, cut anywhere, even inside a word.
    let text = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Fixtures.data("tiny/kjv-head.txt"))))
    let encoder = try ZstdEncoder(level: 1)
    var compressed: [UInt8] = []
    for start in stride(from: 0, to: text.count, by: 1000) {
      try text[start..<min(text.count, start + 1000)].withUnsafeBytes { frame in
        try encoder.compressFrame(frame) { compressed += $0 }
      }
    }
    let path = try Fixtures.file(named: "cut-frames.zst", bytes: compressed)
    #expect(try ZstdFrameIndex(file: OpenFile(path: path)).frameOffsets.count == 40)
    let shards = try shardedSentences(of: path, workers: workers)
    #expect(try shards.flatMap { $0 } == sentences(ofFile: Fixtures.data("tiny/kjv-head.txt")))
  }

  @Test(arguments: [1, 2, 3])
  func aSingleFrameZstdIsSharedThroughTheBlockQueue(workers: Int) throws {
    let sequential = try sentences(ofFile: Fixtures.bundledPlainCorpus)
    let shards = try shardedSentences(of: Fixtures.data("kjv.txt.zst"), workers: workers)
    // Blocks go to whichever worker is free, so only the multiset of sentences is fixed.
    let sorted = shards.flatMap { $0 }.sorted { $0.lexicographicallyPrecedes($1) }
    #expect(sorted == sequential.sorted { $0.lexicographicallyPrecedes($1) })
  }

  /// A line longer than a block is cut at whichever whitespace the tokenizer splits at, so that
  /// a block tokenized on its own (as a worker does) never ends inside a token.
  @Test(arguments: ["\u{0B}", "\u{0C}", "\r"])
  func aLongLineIsCutIntoBlocksAtTheTokenizersWhitespace(separator: String) throws {
    let words = (0..<(BlockFeeder.blockSize / 4)).map { "w\($0)" }
    let path = try Fixtures.file(
      named: "long-line.txt", bytes: Array(words.joined(separator: separator).utf8))
    var source = try TextSource(path: path).sequentialReader()
    let queue = BlockQueue(capacity: 16)
    BlockFeeder.feed(&source, into: queue)
    var tokens: [String] = []
    var blocks = 0
    while let block = queue.pop() {
      blocks += 1
      var tokenizer = Tokenizer()
      var sink = RecordingSink()
      block.withUnsafeBytes { tokenizer.feed($0, into: &sink) }
      tokenizer.finish(into: &sink)
      tokens += sink.tokens
    }
    #expect(blocks > 1)
    #expect(tokens.count == words.count)
    #expect(tokens.indices.first { tokens[$0] != words[$0] } == nil)
  }

  /// A worker that throws at once: the error comes out once every worker has returned, the
  /// others having read their whole shards; through the block queue (single-frame zstd) the
  /// failed worker's share is drained, so the feeder does not wait on a full queue forever.
  @Test(arguments: ["kjv.txt.zst", "plain"])
  func aWorkersErrorIsThrownOnceTheOthersHaveRead(corpus: String) throws {
    struct Planted: Error {}
    let path = corpus == "plain" ? Fixtures.bundledPlainCorpus : Fixtures.data(corpus)
    let finished = Mutex(0)
    #expect(throws: Planted.self) {
      try TextSource(path: path).readInParallel(workers: 3) { worker, reader in
        if worker == 1 { throw Planted() }
        _ = try sentences(of: &reader)
        finished.withLock { $0 += 1 }
      }
    }
    #expect(finished.withLock { $0 } == 2)
  }

  @Test func theFrameIndexFindsEveryFrameAndSkipsSkippableOnes() throws {
    let encoder = try ZstdEncoder(level: 3)
    var compressed: [UInt8] = []
    // A skippable frame (magic 0x184D2A53, 3 bytes of payload) between two data frames.
    try Array("one\n".utf8).withUnsafeBytes { try encoder.compressFrame($0) { compressed += $0 } }
    let second = compressed.count + 11
    compressed += [0x53, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
    try Array("two\n".utf8).withUnsafeBytes { try encoder.compressFrame($0) { compressed += $0 } }
    let path = try Fixtures.file(named: "skippable.zst", bytes: compressed)
    let index = try ZstdFrameIndex(file: OpenFile(path: path))
    #expect(index.frameOffsets == [0, second])
    #expect(index.frameContentSizes == [4, 4])
    #expect(index.estimatedContentSize == 8)
    #expect(try sentences(ofFile: path) == [["one"], ["two"]])
  }

  /// A frame whose header declares no size (as `zstd` writes reading a pipe) is estimated from
  /// its compressed length; one that declares its size counts that.
  @Test func aFrameThatDeclaresNoSizeIsEstimatedFromItsLength() throws {
    let text = Array("one two three\n".utf8)
    // Magic, a descriptor that declares no size, a 128 KiB window, one last raw block.
    var undeclared: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x38]
    let blockHeader = 1 | text.count << 3
    undeclared += [UInt8(blockHeader & 0xFF), UInt8(blockHeader >> 8 & 0xFF), 0] + text
    var declared: [UInt8] = []
    try text.withUnsafeBytes { try ZstdEncoder(level: 3).compressFrame($0) { declared += $0 } }
    let path = try Fixtures.file(named: "undeclared.zst", bytes: undeclared + declared)
    #expect(try sentences(ofFile: path) == [["one", "two", "three"], ["one", "two", "three"]])
    let index = try ZstdFrameIndex(file: OpenFile(path: path))
    #expect(index.frameContentSizes == [nil, text.count])
    #expect(
      index.estimatedContentSize
        == undeclared.count * ZstdFrameIndex.assumedCompressionRatio + text.count)
  }

  @Test func standardInputIsReadThroughTheQueue() throws {
    let sequential = try sentences(ofFile: Fixtures.data("tiny/kjv-head.txt"))
    for file in ["tiny/kjv-head.txt", "tiny/kjv-head.txt.zst"] {
      // Standard input is a pipe fed from another thread, as it is from a shell.
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.data(file))))
      var ends: [Int32] = [0, 0]
      #expect(pipe(&ends) == 0)
      let saved = dup(0)
      dup2(ends[0], 0)
      close(ends[0])
      let writeEnd = ends[1]
      let writer = Thread {
        bytes.withUnsafeBytes { _ = write(writeEnd, $0.baseAddress, $0.count) }
        close(writeEnd)
      }
      writer.start()
      defer {
        dup2(saved, 0)
        close(saved)
      }
      let source = try TextSource(path: "-")
      #expect(source.format == (file.hasSuffix(".zst") ? .zstd : .plain))
      let shards = try shardedSentences(of: source, workers: 2)
      #expect(
        shards.flatMap { $0 }.sorted { $0.lexicographicallyPrecedes($1) }
          == sequential.sorted { $0.lexicographicallyPrecedes($1) })
    }
  }
}
