import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// The `samplex train --config RUN/config.yaml …` commands of a text: how the README and
/// `train --help` tell a user to repeat a run.
private func repeatCommands(in text: String) -> [[String]] {
  text.split(separator: "\n").compactMap { line -> [String]? in
    guard let start = line.range(of: "samplex train --config runs/") else { return nil }
    let command = line[start.lowerBound...].prefix { $0 != "`" }
    let words = command.split(separator: " ").map(String.init)
    guard words.count > 3, words[3].hasSuffix("/config.yaml") else { return nil }
    return Array(words.dropFirst())
  }
}

/// A run folder holds one run, so a repeat that names no other folder is refused: the
/// documented repeats must write elsewhere, and do.
@Suite struct RepeatRunDocumentationTests {
  @Test func theReadmeAndTrainHelpRepeatARunIntoANewFolder() throws {
    let readme = try String(
      contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    let commands =
      repeatCommands(in: readme) + repeatCommands(in: TrainCommand.configuration.discussion)
    #expect(commands.count >= 2)
    for command in commands {
      let run = (command[2] as NSString).deletingLastPathComponent
      let output = command.firstIndex(of: "--output").map { command[$0 + 1] }
      #expect(output != nil && output != run, "\(command.joined(separator: " "))")
    }
  }

  @Test func theReadmesRepeatOfARunSucceeds() throws {
    let readme = try String(
      contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    let command = try #require(repeatCommands(in: readme).first)
    let folder = try Fixtures.temporaryDirectory()
    let first = try SamplexProcess.run([
      "train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder + "/runs/kjv",
      "--min-count", "2", "--dim", "8", "--window", "2", "--threads", "1", "--epochs", "1",
      "--heldout-pairs", "50", "--heldout", "0.05", "--progress-interval", "1000",
    ])
    #expect(first.status == 0, "\(first.errors)")
    let repeated = try SamplexProcess.run(
      command.map { $0.replacingOccurrences(of: "runs/", with: folder + "/runs/") })
    #expect(repeated.status == 0, "\(repeated.errors)")
    let original = try SamplexProcess.snapshot(of: folder + "/runs/kjv")
    let again = try SamplexProcess.snapshot(of: folder + "/runs/kjv-again")
    #expect(again["vectors.bin"] != nil && again["vectors.bin"] == original["vectors.bin"])
  }
}
