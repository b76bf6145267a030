import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct CompressCommandTests {
  @Test func compressedFramesReadBackToTheSameTokens() throws {
    let output = try Fixtures.temporaryDirectory() + "/kjv-head.zst"
    var command = try SamplexCommand.parseAsRoot([
      "compress", Fixtures.data("tiny/kjv-head.txt"), output, "--frame-size", "1",
    ])
    try command.run()
    var original = try TextSource(path: Fixtures.data("tiny/kjv-head.txt")).sequentialReader()
    var compressed = try TextSource(path: output).sequentialReader()
    #expect(try compressed.readBytes(count: 1 << 20) == original.readBytes(count: 1 << 20))
    #expect(try TextSource(path: output).format == .zstd)
  }

  /// A compress killed midway leaves no output under the final name, only its temporary file;
  /// compressing into that name again leaves the output alone in the folder. Before, the killed
  /// writer's `.partial-` file stayed beside the output for good.
  @Test func aKilledCompressLeavesNothingUnderTheOutputsNameNorAfterItsNextRun() throws {
    let folder = try Fixtures.temporaryDirectory()
    let output = folder + "/corpus.zst"
    let input = Pipe()
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = ["compress", "-", output, "--frame-size", "1"]
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    // Written before it starts, into the pipe's buffer (so this process can never write into a
    // pipe whose reader is gone); the pipe stays open, so compress waits for the rest until it
    // is killed.
    let text = String(
      repeating: "in the beginning god created the heaven and the earth\n", count: 100)
    input.fileHandleForWriting.write(Data(text.utf8))
    try process.run()
    defer {
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }
    func names() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }
    let deadline = Date().addingTimeInterval(60)
    while try !names().contains(where: { $0.hasPrefix("corpus.zst.partial-") }), Date() < deadline {
      usleep(20_000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    let left = try names()
    #expect(!left.contains("corpus.zst"))
    #expect(
      left.count == 1 && left[0].hasPrefix("corpus.zst.partial-\(process.processIdentifier)-"))

    let plain = folder + "/corpus.txt"
    try Data(text.utf8).write(to: URL(fileURLWithPath: plain))
    let again = try SamplexProcess.run(["compress", plain, output])
    #expect(again.status == 0)
    #expect(try names() == ["corpus.txt", "corpus.zst"])
  }
}
