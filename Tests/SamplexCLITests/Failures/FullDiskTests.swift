import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct FullDiskTests {
  static let settings = ["--epochs", "1", "--threads", "1", "--dim", "32", "--min-count", "1"]

  /// Runs the built `samplex` with `arguments` under a file-size limit of 100 KiB (`ulimit -f`,
  /// with SIGXFSZ ignored so that writes fail with EFBIG as they fail with ENOSPC on a full
  /// disk): a checkpoint of the test's run (about 1,000 words × 32 × 2 tables, 256 KB) cannot
  /// be written. Its exit status and standard error.
  private func underFileSizeLimit(_ arguments: [String]) throws -> (status: Int32, errors: String) {
    try SamplexProcess.run(arguments, after: "trap '' XFSZ; ulimit -f 100")
  }

  /// A first run of one epoch into `folder`.
  private func firstRun(into folder: String) throws {
    var first = try SamplexCommand.parseAsRoot(
      ["train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder] + Self.settings)
    try first.run()
  }

  /// The run resumed for a second epoch cannot write its checkpoint: one clear error, and the
  /// outputs of its first epoch are left as they were.
  @Test func aWriteThatCannotFinishLeavesEarlierOutputsIntact() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    try firstRun(into: folder)
    let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/vectors.bin"))
    let checkpointBefore = try Data(contentsOf: URL(fileURLWithPath: folder + "/checkpoint-1.bin"))
    let (status, text) = try underFileSizeLimit([
      "train", "--resume", folder, "--set", "training.epochs=2",
    ])
    #expect(status == 1)
    #expect(
      text.contains("checkpoint-2.bin: cannot be written (File too large); check that the folder"),
      "\(text)")
    let after = try Data(contentsOf: URL(fileURLWithPath: folder + "/vectors.bin"))
    #expect(after == before)
    let checkpointAfter = try Data(contentsOf: URL(fileURLWithPath: folder + "/checkpoint-1.bin"))
    #expect(checkpointAfter == checkpointBefore)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(!names.contains { $0.contains(".partial-") }, "\(names)")
  }

  /// A run that replaces another (`--overwrite`) and cannot write its checkpoint leaves none of
  /// the old run's files beside its config and record: they were removed before it wrote (a
  /// second run once left its config beside the first run's checkpoint, vectors and
  /// vocabulary).
  @Test func aReplacingRunThatCannotFinishLeavesNothingOfTheRunItReplaced() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    try firstRun(into: folder)
    let replaced = try #require(RunFolder(path: folder).run)
    let (status, text) = try underFileSizeLimit(
      [
        "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--seed", "2",
        "--overwrite",
      ]
        + Self.settings)
    #expect(status == 1)
    #expect(text.contains("checkpoint-1.bin: cannot be written (File too large)"), "\(text)")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names == [RunFolderLock.fileName, "config.yaml", "run.json"])
    let run = RunFolder(path: folder).run
    #expect(run != nil && run != replaced)
    #expect(try RunRecord.read(from: folder + "/run.json")?.run == run?.description)
  }
}
