import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// Training from standard input: the counting pass reads it once and spools it, and every
/// epoch replays the spool.
@Suite struct StandardInputTrainingTests {
  /// Runs the built `samplex` (`Fixtures.builtSamplex`) with `arguments`,
  /// writing `input` to its standard input through a pipe; its exit status and standard error.
  private func samplex(_ arguments: [String], input: Data) throws -> (
    status: Int32, errors: String
  ) {
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = arguments
    let standardInput = Pipe()
    let errors = Pipe()
    process.standardInput = standardInput
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Written from another thread: a pipe holds only so much before its reader takes it.
    let writing = Thread {
      standardInput.fileHandleForWriting.write(input)
      try? standardInput.fileHandleForWriting.close()
    }
    writing.start()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  private static let settings = [
    "--min-count", "2", "--dim", "8", "--window", "2", "--epochs", "2", "--threads", "1",
    "--seed", "5", "--heldout-pairs", "50", "--heldout", "0.05", "--progress-interval", "1000",
  ]

  /// One worker reads standard input in the order it reads the file, so the two runs train
  /// bit for bit the same vectors.
  @Test func standardInputTrainsWhatTheFileTrains() throws {
    let root = try Fixtures.temporaryDirectory()
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    var fromFile = try SamplexCommand.parseAsRoot(
      ["train", corpus, "--output", root + "/file"] + Self.settings)
    try fromFile.run()
    let (status, errors) = try samplex(
      ["train", "-", "--output", root + "/stdin"] + Self.settings,
      input: try Data(contentsOf: URL(fileURLWithPath: corpus)))
    #expect(status == 0, "\(errors)")
    let file = try Word2VecReader.read(path: root + "/file/vectors.bin")
    let stdin = try Word2VecReader.read(path: root + "/stdin/vectors.bin")
    #expect(stdin.words == file.words)
    let identical = stdin.values == file.values
    #expect(identical, "the vectors trained from standard input differ from the file's")
  }

  /// Without the spool, standard input cannot be read for a second epoch: one sentence says
  /// so, before any work.
  @Test func standardInputWithoutTheSpoolIsRefused() throws {
    let root = try Fixtures.temporaryDirectory()
    let (status, errors) = try samplex(
      ["train", "-", "--output", root + "/run", "--no-spool"] + Self.settings,
      input: Data("in the beginning\n".utf8))
    #expect(status != 0)
    #expect(
      errors.contains(
        "-: with --no-spool, training reads the corpus again every epoch, so it needs a file; "
          + "write standard input to a file first."), "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: root + "/run/vectors.bin"))
  }

  /// A read vocabulary skips the counting pass, which is what spools standard input: one
  /// sentence says so, before any work.
  @Test func standardInputWithAReadVocabularyIsRefused() throws {
    let root = try Fixtures.temporaryDirectory()
    let vocabulary = try Fixtures.file(named: "vocab.txt", bytes: Array("in 3\nthe 5\n".utf8))
    let (status, errors) = try samplex(
      ["train", "-", "--output", root + "/run", "--read-vocab", vocabulary] + Self.settings,
      input: Data("in the beginning\n".utf8))
    #expect(status != 0)
    #expect(
      errors.contains(
        "-: with --read-vocab no counting pass spools the corpus, and training reads it again "
          + "every epoch, so it needs a file; write standard input to a file first."), "\(errors)")
    #expect(!FileManager.default.fileExists(atPath: root + "/run"))
  }
}
