import Foundation
import TestSupport
import Testing

@testable import Samplex

/// Several files, folders and glob patterns read as one corpus (`CorpusFiles`).
@Suite struct CorpusFilesTests {
  /// The bundled corpus cut at line starts into three files in one folder: plain, a
  /// multi-frame `.zst` (64 KiB frames) and plain, named so that they sort in that order.
  static func threeFiles() throws -> (folder: String, paths: [String]) {
    let text = try OpenFile(path: Fixtures.bundledPlainCorpus).contents()
    func lineStart(near offset: Int) -> Int {
      (text[offset...].firstIndex(of: TextBytes.newline) ?? offset) + 1
    }
    let cuts = [
      0, lineStart(near: text.count / 5), lineStart(near: 3 * text.count / 5), text.count,
    ]
    let folder = try Fixtures.temporaryDirectory()
    let paths = [folder + "/1.txt", folder + "/2.txt.zst", folder + "/3.txt"]
    try Data(text[cuts[0]..<cuts[1]]).write(to: URL(fileURLWithPath: paths[0]))
    try Data(text[cuts[2]..<cuts[3]]).write(to: URL(fileURLWithPath: paths[2]))
    let middle = try Fixtures.file(named: "2.txt", bytes: Array(text[cuts[1]..<cuts[2]]))
    var reader = try TextSource(path: middle).sequentialReader()
    let written = try FrameCompressor(frameBytes: 1 << 16, level: 1).compress(
      &reader, to: paths[1])
    #expect(written.frames > 10)
    return (folder, paths)
  }

  /// Each worker's sentences are its part of the concatenation, in order, on every pass: the
  /// parts together are the whole corpus once, and checkpoints can find a worker's place again.
  @Test(arguments: [1, 2, 3])
  func severalFilesGiveTheSentencesOfTheirConcatenation(workers: Int) throws {
    let (_, paths) = try Self.threeFiles()
    let corpus = try CorpusFiles(paths)
    #expect(corpus.sources.map(\.format) == [.plain, .zstd, .plain])
    #expect(try corpus.givesFixedShards(workers: workers))
    let shards = try shardedSentences(of: corpus, workers: workers)
    #expect(shards.flatMap { $0 } == (try sentences(ofFile: Fixtures.bundledPlainCorpus)))
    #expect(shards.allSatisfy { !$0.isEmpty })
    #expect(try shardedSentences(of: corpus, workers: workers) == shards)
    var reader = try corpus.sequentialReader()
    #expect(try sentences(of: &reader) == shards.flatMap { $0 })
  }

  /// Files are weighed by the text they hold, not their bytes on disk: beside a plain file, a
  /// `.zst` of the same text (one frame, or frames cut in proportion to their text) gets the
  /// share of the same plain file.
  @Test(arguments: [(0, 2), (1 << 10, 3)])
  func aPlainFileAndAZstdOfTheSameTextGetEvenShares(frameBytes: Int, workers: Int) throws {
    let plain = Fixtures.data("tiny/kjv-head.txt")
    var compressed = Fixtures.data("tiny/kjv-head.txt.zst")
    if frameBytes > 0 {
      compressed = try Fixtures.temporaryDirectory() + "/frames.txt.zst"
      var reader = try TextSource(path: plain).sequentialReader()
      _ = try FrameCompressor(frameBytes: frameBytes, level: 3).compress(&reader, to: compressed)
    }
    let corpus = try CorpusFiles([plain, compressed])
    #expect(try corpus.givesFixedShards(workers: workers))
    let tokens = try shardedSentences(of: corpus, workers: workers).map { $0.joined().count }
    let total = tokens.reduce(0, +)
    #expect(total == 2 * (try sentences(ofFile: plain)).joined().count)
    #expect(tokens.allSatisfy { abs(workers * $0 - total) <= total / 10 }, "\(tokens)")
  }

  /// A part boundary inside a single-frame `.zst` deals the whole corpus out in blocks, as such
  /// a file is on its own: the sentences are the concatenation's, in some order, and the parts
  /// are not fixed.
  @Test(arguments: [1, 2, 3])
  func aSingleFrameZstdAmongTheFilesIsDealtOut(workers: Int) throws {
    let head = Fixtures.data("tiny/kjv-head.txt")
    let corpus = try CorpusFiles([head, Fixtures.data("kjv.txt.zst"), head])
    let expected =
      try sentences(ofFile: head) + sentences(ofFile: Fixtures.bundledPlainCorpus)
      + sentences(ofFile: head)
    let found = try shardedSentences(of: corpus, workers: workers).flatMap { $0 }
    #expect(try corpus.givesFixedShards(workers: workers) == (workers == 1))
    if workers == 1 {
      #expect(found == expected)
    } else {
      let sorted = { (list: [[String]]) in list.sorted { $0.lexicographicallyPrecedes($1) } }
      #expect(sorted(found) == sorted(expected))
    }
  }

  /// A file's last line ends with the file, so that its last word is not joined to the next
  /// file's first.
  @Test(arguments: [1, 2])
  func aFileWithoutAFinalNewlineEndsItsLine(workers: Int) throws {
    let first = try Fixtures.file(named: "a.txt", bytes: Array("one two\nthree".utf8))
    let second = try Fixtures.file(named: "b.txt", bytes: Array("four five\n".utf8))
    let corpus = try CorpusFiles([first, second, first])
    let expected = [["one", "two"], ["three"], ["four", "five"], ["one", "two"], ["three"]]
    #expect(try shardedSentences(of: corpus, workers: workers).flatMap { $0 } == expected)
    var reader = try corpus.sequentialReader()
    #expect(try sentences(of: &reader) == expected)
  }

  /// A folder is its regular files sorted by name, without hidden files and subfolders; a glob
  /// pattern its matches sorted by name; both read as the files listed.
  @Test func aFolderAndAGlobAreTheirFilesInOrder() throws {
    let (folder, paths) = try Self.threeFiles()
    try Data("hidden words\n".utf8).write(to: URL(fileURLWithPath: folder + "/.hidden"))
    try FileManager.default.createDirectory(
      atPath: folder + "/sub", withIntermediateDirectories: false)
    try Data("nested words\n".utf8).write(to: URL(fileURLWithPath: folder + "/sub/4.txt"))
    let listed = try CorpusFiles(paths)
    let expected = try shardedSentences(of: listed, workers: 2)
    for arguments in [[folder], [folder + "/"], [folder + "/*"], [folder + "/[12]*", paths[2]]] {
      let corpus = try CorpusFiles(arguments)
      #expect(
        corpus.sources.map { URL(fileURLWithPath: $0.path).standardized.path } == paths,
        "\(arguments)")
      #expect(try shardedSentences(of: corpus, workers: 2) == expected, "\(arguments)")
    }
    #expect(try CorpusFiles([folder]).path == folder)
    #expect(try CorpusFiles([paths[0]]).path == paths[0])
    #expect(try CorpusFiles([paths[0], paths[2]]).formats == "2 files, plain")
    #expect(listed.formats == "3 files, plain and zstd")
  }

  @Test func inputsThatNameNothingAreRefusedByName() throws {
    let folder = try Fixtures.temporaryDirectory()
    try Data("hidden\n".utf8).write(to: URL(fileURLWithPath: folder + "/.hidden"))
    let file = try Fixtures.file(named: "a.txt", bytes: Array("a b\n".utf8))
    #expect(throws: CorpusError.emptyDirectory(path: folder)) { try CorpusFiles([file, folder]) }
    #expect(throws: CorpusError.noMatch(pattern: folder + "/*.txt")) {
      try CorpusFiles([folder + "/*.txt"])
    }
    #expect(throws: CorpusError.notFound(path: folder + "/gone.txt")) {
      try CorpusFiles([file, folder + "/gone.txt", file])
    }
    #expect(throws: CorpusError.standardInputAmongFiles) { try CorpusFiles([file, "-"]) }
    #expect(
      CorpusError.emptyDirectory(path: folder).description
        == "\(folder): the folder holds no corpus file (hidden files and subfolders are passed "
        + "over); put text or .zst files in it, or name the files.")
  }

  /// Counted in parallel, several files give the vocabulary of their concatenation (the same
  /// counts, and ties in the same order of first appearance), so its fingerprint, which a
  /// checkpoint records, changes when a file changes or the files come in another order.
  @Test func theVocabularyAndItsFingerprintFollowTheFilesInOrder() throws {
    let (_, paths) = try Self.threeFiles()
    var options = TrainingOptions()
    options.minCount = 1
    options.workers = 3
    func vocabulary(_ arguments: [String]) throws -> Vocabulary {
      try VocabularyBuilder.vocabulary(of: CorpusFiles(arguments), options: options).vocabulary
    }
    let whole = try vocabulary([Fixtures.bundledPlainCorpus])
    let files = try vocabulary(paths)
    #expect(files.words == whole.words && files.counts == whole.counts)
    #expect(files.fingerprint == whole.fingerprint)
    let first = try Fixtures.file(named: "a.txt", bytes: Array("alpha beta\n".utf8))
    let second = try Fixtures.file(named: "b.txt", bytes: Array("beta alpha\n".utf8))
    let changed = try Fixtures.file(named: "b.txt", bytes: Array("beta alpha alpha\n".utf8))
    let inOrder = try vocabulary([first, second]).fingerprint
    #expect(try vocabulary([first, second]).fingerprint == inOrder)
    #expect(try vocabulary([second, first]).fingerprint != inOrder)
    #expect(try vocabulary([first, changed]).fingerprint != inOrder)
  }
}
