import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct InterruptionTests {
  static let arguments = [
    "train", Fixtures.data("tiny/kjv-head.txt"), "--min-count", "2", "--dim", "8", "--window",
    "2", "--epochs", "150", "--threads", "1", "--seed", "9", "--heldout-pairs", "50",
    "--heldout", "0.05", "--progress-interval", "1000",
  ]

  /// Starts the built `samplex` (`Fixtures.builtSamplex`) training into `folder`,
  /// waits for a checkpoint from epoch 2 on, sends `signal` and waits for it to end. (A release
  /// build trains an epoch of this text in milliseconds and keeps only the newest two
  /// checkpoints, so `checkpoint-2.bin` itself may be gone by the next look.)
  private func interruptedRun(into folder: String, signal: Int32) throws -> (
    status: Int32, errors: String
  ) {
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = Self.arguments + ["--output", folder]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while !Checkpoint.stamps(in: folder).contains(where: { $0.epochs >= 2 }),
      process.isRunning, Date() < deadline
    {
      usleep(20_000)
    }
    kill(process.processIdentifier, signal)
    let exitDeadline = Date().addingTimeInterval(30)
    while process.isRunning, Date() < exitDeadline { usleep(20_000) }
    #expect(!process.isRunning, "the run did not end within 30 s of the signal")
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let text = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, text)
  }

  @Test(arguments: [SIGINT, SIGKILL])
  func anInterruptedRunResumesToTheSameVectors(signal: Int32) throws {
    let root = try Fixtures.temporaryDirectory()
    let (status, errors) = try interruptedRun(into: root + "/cut", signal: signal)
    if signal == SIGINT {
      #expect(status == 130)
      #expect(errors.contains("; resume with: samplex train --resume"), "\(errors)")
    }
    // The newest checkpoint is whole. A stopped run leaves no temporary file; a killed one may
    // have been killed mid-write (a release build writes a checkpoint every few milliseconds
    // here), and the resumed run clears what it left.
    func temporaryFiles() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: root + "/cut").filter {
        $0.contains(".partial-")
      }
    }
    if signal == SIGINT { #expect(try temporaryFiles() == []) }
    let checkpoint = try Checkpoint.latest(in: root + "/cut")
    #expect(checkpoint.epochsDone >= 2 && checkpoint.epochsDone < 150)
    var resume = try SamplexCommand.parseAsRoot(["train", "--resume", root + "/cut"])
    try resume.run()
    #expect(try temporaryFiles() == [])
    var whole = try SamplexCommand.parseAsRoot(Self.arguments + ["--output", root + "/whole"])
    try whole.run()
    let a = try Word2VecReader.read(path: root + "/whole/vectors.bin")
    let b = try Word2VecReader.read(path: root + "/cut/vectors.bin")
    let identical = a.words == b.words && a.values == b.values
    #expect(identical, "resumed after epoch \(checkpoint.epochsDone): vectors differ")
  }
}
