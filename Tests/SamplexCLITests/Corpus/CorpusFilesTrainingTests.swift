import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// `samplex train` and `samplex vocab` on a corpus of several files, a folder or a glob.
@Suite struct CorpusFilesTrainingTests {
  /// The tiny corpus cut at a line start into two files of a fresh folder, the second
  /// compressed: the concatenation is the tiny corpus.
  private static func twoFiles() throws -> (folder: String, paths: [String]) {
    let text = try OpenFile(path: Fixtures.data("tiny/kjv-head.txt")).contents()
    let cut = (text[(text.count / 2)...].firstIndex(of: UInt8(ascii: "\n")) ?? 0) + 1
    let folder = try Fixtures.temporaryDirectory()
    let paths = [folder + "/a.txt", folder + "/b.txt.zst"]
    try Data(text[..<cut]).write(to: URL(fileURLWithPath: paths[0]))
    let second = try Fixtures.file(named: "b.txt", bytes: Array(text[cut...]))
    var reader = try TextSource(path: second).sequentialReader()
    _ = try FrameCompressor(frameBytes: 1 << 12, level: 1).compress(&reader, to: paths[1])
    return (folder, paths)
  }

  private func train(
    _ corpus: [String], into folder: String, threads: Int, extra: [String] = []
  ) throws {
    var command = try SamplexCommand.parseAsRoot(
      ["train"] + corpus + [
        "--output", folder, "--min-count", "2", "--dim", "8", "--window", "2", "--epochs", "2",
        "--threads", "\(threads)", "--seed", "5", "--heldout-pairs", "50", "--heldout", "0.05",
        "--progress-interval", "1000",
      ] + extra)
    try command.run()
  }

  /// A worker's place inside a part that runs across files is saved and found again: read
  /// from the text (no spool), a run resumed inside its last epoch ends bit for bit like an
  /// uninterrupted one.
  @Test func aRunOverSeveralFilesResumesInsideAnEpoch() throws {
    let (_, paths) = try Self.twoFiles()
    let corpus = paths + paths
    let root = try Fixtures.temporaryDirectory()
    let settings = ["--no-spool", "--checkpoint-minutes"]
    try train(corpus, into: root + "/whole", threads: 1, extra: settings + ["1000"])
    try train(corpus, into: root + "/cut", threads: 1, extra: settings + ["1e-7"])
    for name in ["checkpoint-2.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: root + "/cut/" + name)
    }
    let inside = try Checkpoint.latest(in: root + "/cut")
    #expect(inside.part >= 1 && inside.positions.count == 1 && inside.positions[0].sentences > 0)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    let whole = try Word2VecReader.read(path: root + "/whole/vectors.bin")
    let resumed = try Word2VecReader.read(path: root + "/cut/vectors.bin")
    let identical = whole.values == resumed.values
    #expect(identical, "resumed inside epoch 2 from \(inside.stamp): vectors differ")
  }

  /// Two files and their folder train on the concatenation's words: vocab.txt holds its
  /// counts; with one thread the vectors are bit for bit the concatenated file's too, and the
  /// run's config.yaml lists the files.
  @Test(arguments: [1, 2])
  func twoFilesAndTheirFolderTrainOnTheConcatenation(threads: Int) throws {
    let (folder, paths) = try Self.twoFiles()
    let root = try Fixtures.temporaryDirectory()
    try train([Fixtures.data("tiny/kjv-head.txt")], into: root + "/one", threads: threads)
    try train(paths, into: root + "/two", threads: threads)
    try train([folder], into: root + "/folder", threads: threads)
    let expected = try String(contentsOfFile: root + "/one/vocab.txt", encoding: .utf8)
    for run in ["two", "folder"] {
      #expect(try String(contentsOfFile: root + "/\(run)/vocab.txt", encoding: .utf8) == expected)
      if threads == 1 {
        let one = try Word2VecReader.read(path: root + "/one/vectors.bin")
        let files = try Word2VecReader.read(path: root + "/\(run)/vectors.bin")
        let identical = one.values == files.values
        #expect(identical, "\(run): the vectors differ from the concatenated file's")
      }
    }
    let config = try String(contentsOfFile: root + "/two/config.yaml", encoding: .utf8)
    #expect(config.contains("  path: [\"\(paths[0])\", \"\(paths[1])\"]\n"), "\(config)")
  }

  /// corpus.path takes a list in a config; a missing file among them is named with the line
  /// that names it, and a pattern is left to the corpus to match.
  @Test func aConfigsCorpusPathTakesAList() throws {
    let (folder, paths) = try Self.twoFiles()
    let config = try Fixtures.file(
      named: "c.yaml",
      bytes: Array("corpus:\n  path:\n    - \(paths[0])\n    - \(folder)/*.zst\n".utf8))
    var command = try SamplexCommand.parseAsRoot(["train", "--config", config])
    let (configuration, _) = try #require(command as? TrainCommand).resolve()
    #expect(configuration.corpus == [paths[0], folder + "/*.zst"])
    let missing = try Fixtures.file(
      named: "m.yaml", bytes: Array("corpus:\n  path: [\(paths[0]), \(folder)/gone.txt]\n".utf8))
    command = try SamplexCommand.parseAsRoot(["train", "--config", missing])
    #expect {
      _ = try #require(command as? TrainCommand).resolve()
    } throws: { error in
      "\(error)" == "\(missing):2: 'corpus.path' names \(folder)/gone.txt, which does not exist; "
        + "fix the path (relative paths start from the working directory)."
    }
  }

  /// `samplex vocab` counts a glob's files as the concatenated file, with every thread.
  @Test func vocabCountsAGlobsFiles() throws {
    let (folder, _) = try Self.twoFiles()
    let output = try Fixtures.temporaryDirectory()
    for (name, corpus) in [("one", Fixtures.data("tiny/kjv-head.txt")), ("glob", folder + "/*")] {
      var command = try SamplexCommand.parseAsRoot([
        "vocab", corpus, "--min-count", "1", "--threads", "2", "-o", output + "/\(name).txt",
      ])
      try command.run()
    }
    let one = try String(contentsOfFile: output + "/one.txt", encoding: .utf8)
    #expect(try String(contentsOfFile: output + "/glob.txt", encoding: .utf8) == one)
  }
}
