import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

@Suite struct RunFailureTests {
  /// Names in `folder` that are partial writes (none may be left).
  private func partials(in folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".partial-") }
  }

  /// A run resumed with a learning rate that makes it diverge in epoch 2 stops with the
  /// sentence naming the epoch and what to do, writes no vectors, and leaves the checkpoint
  /// after epoch 1 byte for byte as it was, ready to resume from with a lower rate.
  @Test func divergenceKeepsTheLastGoodCheckpoint() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    var first = try SamplexCommand.parseAsRoot([
      "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--min-count", "2",
      "--dim", "8", "--epochs", "2", "--threads", "1", "--seed", "3", "--loss", "nce",
      "--sampler", "log-uniform",
    ])
    try first.run()
    // The run "interrupted" after epoch 1.
    for name in ["checkpoint-2.bin", "vectors.bin", "vectors.txt"] {
      try FileManager.default.removeItem(atPath: folder + "/" + name)
    }
    let good = try OpenFile(path: folder + "/checkpoint-1.bin").contents()
    var diverging = try SamplexCommand.parseAsRoot([
      "train", "--resume", folder, "--set", "training.lr=1e6",
    ])
    #expect {
      try diverging.run()
    } throws: { error in
      let message = "\(error)"
      return message.hasPrefix("training diverged in epoch 2 after ")
        && message.hasSuffix("lower --lr or check the corpus.")
    }
    #expect(try OpenFile(path: folder + "/checkpoint-1.bin").contents() == good)
    #expect(Checkpoint.stamps(in: folder) == [.init(epochs: 1)])
    #expect(!FileManager.default.fileExists(atPath: folder + "/vectors.bin"))
    #expect(try partials(in: folder).isEmpty)
    // The diverging attempt's config.yaml holds its rate, so the retry names a sane one.
    var again = try SamplexCommand.parseAsRoot([
      "train", "--resume", folder, "--set", "training.lr=0.025",
    ])
    try again.run()
    #expect(FileManager.default.fileExists(atPath: folder + "/vectors.bin"))
  }

  /// A model whose tables would not fit in memory is refused before they are allocated: with
  /// 100,000 dimensions (the most a config allows) each word needs 800,000 bytes of tables, so
  /// a corpus of twice as many distinct words as the available memory can hold (at least
  /// 60,000: 48 GB) is refused, and the run, told to replace the run in its folder, leaves
  /// that folder byte for byte as it was (its config.yaml was replaced before the check).
  @Test func aModelTooLargeForMemoryIsRefusedBeforeAllocation() throws {
    let meminfo = String(decoding: try OpenFile(path: "/proc/meminfo").contents(), as: UTF8.self)
    let availableKB =
      meminfo.split(separator: "\n").first { $0.hasPrefix("MemAvailable:") }
      .flatMap { Int($0.split(separator: " ")[1]) } ?? 0
    let distinct = max(60_000, availableKB * 1024 / 800_000 * 2) / 1000 * 1000
    let lines = stride(from: 0, to: distinct, by: 1000).map { start in
      (start..<start + 1000).map { "w\($0)" }.joined(separator: " ")
    }
    let corpus = try Fixtures.file(
      named: "wide.txt", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
    let folder = try Fixtures.temporaryDirectory() + "/run"
    var earlier = try SamplexCommand.parseAsRoot([
      "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--epochs", "1",
      "--dim", "8", "--threads", "1",
    ])
    try earlier.run()
    let before = try SamplexProcess.snapshot(of: folder)
    let refused = try SamplexProcess.run([
      "train", corpus, "--output", folder, "--min-count", "1", "--dim", "100000", "--overwrite",
    ])
    #expect(refused.status == 1)
    let message = refused.errors.split(separator: "\n").last ?? ""
    #expect(
      message.hasPrefix("Error: the model needs ")
        && message.hasSuffix("lower --dim, raise --min-count or set --max-size."), "\(message)")
    #expect(try SamplexProcess.snapshot(of: folder) == before)
  }
}
