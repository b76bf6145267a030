import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// Every command's help as ArgumentParser renders it, 80 columns wide.
private let commands: [any ParsableCommand.Type] = SamplexCommand.configuration.subcommands

private func help(_ command: any ParsableCommand.Type) -> String {
  SamplexCommand.helpMessage(for: command, columns: 80)
}

/// The help of each option of `command`: its first line and the lines indented under it.
private func optionBlocks(_ command: any ParsableCommand.Type) -> [String: String] {
  var blocks: [String: String] = [:]
  var current: String?
  for line in help(command).split(separator: "\n", omittingEmptySubsequences: false) {
    if line.hasPrefix("  -") {
      let name = line.split(separator: " ").first { $0.hasPrefix("--") } ?? ""
      let flag = name.trimmingCharacters(in: CharacterSet(charactersIn: ","))
      current = flag
      blocks[flag] = String(line)
    } else if line.hasPrefix("    "), let flag = current {
      blocks[flag, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
    } else {
      current = nil
    }
  }
  return blocks
}

@Suite struct HelpTextTests {
  @Test(arguments: commands.map { $0.configuration.commandName ?? "" })
  func aBackslashOnlyContinuesAnExampleCommand(_ name: String) throws {
    let command = try #require(commands.first { $0.configuration.commandName == name })
    for line in help(command).split(separator: "\n") where line.contains("\\") {
      let text = line.trimmingCharacters(in: .whitespaces)
      #expect(text.hasPrefix("samplex ") && text.hasSuffix(" \\"), "\(name): \(line)")
    }
  }

  /// ArgumentParser wraps a discussion's paragraphs and keeps its line breaks, so a break inside
  /// a sentence shows as a short line in the middle of it.
  @Test(arguments: commands.map { $0.configuration.commandName ?? "" })
  func discussionLinesBreakOnlyAfterASentence(_ name: String) throws {
    let command = try #require(commands.first { $0.configuration.commandName == name })
    for line in command.configuration.discussion.split(separator: "\n")
    where !line.hasPrefix(" ") {
      #expect(line.hasSuffix(".") || line.hasSuffix(":"), "\(name): \(line)")
    }
  }

  @Test(arguments: commands.map { $0.configuration.commandName ?? "" })
  func anOptionStatesItsDefaultOnce(_ name: String) throws {
    let command = try #require(commands.first { $0.configuration.commandName == name })
    for (flag, text) in optionBlocks(command) {
      let count = text.lowercased().components(separatedBy: "default").count - 1
      #expect(count <= 1, "\(name) \(flag): \(text)")
    }
  }

  @Test func trainStatesTheDefaultsOfItsOptions() throws {
    let options = TrainingOptions()
    let blocks = optionBlocks(TrainCommand.self)
    let expected = [
      ("--loss", "default \(options.loss.rawValue)"),
      (
        "--candidates",
        "default batch for sampled-softmax and nce from 64 candidates up, else window"
      ),
      ("--heldout", "default \(options.heldOutShare)"),
      (
        "--heldout-pairs",
        "default \(TrainingOptions.defaultHeldOutPairs), fewer where they would cost over 5%"
      ),
      ("--progress-interval", "default \(String(format: "%g", options.progressInterval))"),
      ("--seed", "default \(options.seed)"),
      ("--formats", "default both, or bin alone when the text would take over 1 GiB"),
      ("--save-output-vectors/--no-save-output-vectors", "off by default"),
      ("--read-vocab", "vocabulary.read"),
      ("--init-vectors", "model.init_vectors"),
    ]
    for (flag, phrase) in expected {
      let text = try #require(blocks[flag], "no \(flag) in train's help")
      #expect(text.contains(phrase), "\(flag): \(text)")
    }
  }

  @Test func stepCitesOnlyFilesOfTheRepository() {
    #expect(!help(StepCommand.self).contains("../"))
  }

  /// A reader of the README has a clone of the repository, not the folders beside it.
  @Test func theReadmeCitesOnlyFilesOfTheRepository() throws {
    let readme = try String(
      contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    for line in readme.split(separator: "\n") where line.contains("../") {
      Issue.record("README.md: \(line)")
    }
  }
}
