import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import samplex

/// The error `samplex train` gives for `arguments` after the corpus.
private func trainError(_ arguments: [String]) -> String {
  do {
    _ = try ForeignFlags.parse(["train", "corpus.txt"] + arguments)
    return ""
  } catch {
    return SamplexCommand.message(for: error)
  }
}

@Suite struct ForeignFlagTests {
  @Test(arguments: [
    (["--sample", "1e-4"], "is --subsample here"),
    (["--sample=1e-4"], "is --subsample here"),
    (["--size", "300"], "is --dim here"),
    (["-size", "300"], "is --dim here"),
    (["--iter", "5"], "is --epochs here"),
    (["--negative", "5"], "is --samples here"),
    (["--hs", "1"], "is --loss hierarchical-softmax here"),
    (["--cbow", "1"], "is --model cbow here"),
    (["--alpha", "0.05"], "is --lr here"),
    (["--min_count", "5"], "is --min-count here"),
    (["-min-count", "5"], "is --min-count here"),
    (["-threads", "2"], "is --threads here"),
    (["-t", "1e-4"], "is --subsample here"),
    (["-read-vocab", "vocab.txt"], "is --read-vocab here"),
    (["-pretrainedVectors", "wiki.vec"], "is --init-vectors here"),
  ])
  func aFlagOfWord2VecNamesSamplexsOwn(_ arguments: [String], _ phrase: String) {
    let message = trainError(arguments)
    let flag = String(arguments[0].prefix { $0 != "=" })
    #expect(message.hasPrefix("Unknown option '\(flag)': "), "\(message)")
    #expect(message.contains(phrase), "\(message)")
    #expect(!message.contains("Did you mean"), "\(message)")
  }

  /// Each row of the README's table of word2vec's, gensim's and fastText's flags, given to
  /// `samplex train`, names the Samplex flag the row does (or is one).
  @Test func theReadmesTableIsWhatTrainSays() throws {
    let readme = try String(
      contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.split(separator: "\n").map(String.init)
    let header = try #require(lines.firstIndex(of: "| word2vec | gensim | fastText | Samplex |"))
    let rows = lines[(header + 2)...].prefix { $0.hasPrefix("|") }
    #expect(rows.count >= 10)
    for row in rows {
      let cells = row.split(separator: "|").map {
        $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
      }
      let samplex = cells[3]
      let phrase =
        samplex.hasPrefix("--")
        ? samplex : samplex.hasPrefix("CORPUS") ? "the argument" : "hierarchical softmax"
      for (column, cell) in cells[0..<3].enumerated() {
        let words = cell.split(separator: " ").map(String.init)
        // A dash alone: the tool has no such flag.
        guard var flag = words.first, flag != "—", column == 1 || flag.hasPrefix("-") else {
          continue
        }
        if column == 1 { flag = "--" + flag }
        let arguments = [flag] + (words.count > 1 ? [words[1]] : flag.contains("=") ? [] : ["1"])
        let message = trainError(arguments)
        if message.isEmpty {
          #expect(samplex.hasPrefix(flag), "\(row): \(flag) parses")
        } else {
          #expect(message.contains(phrase), "\(row): \(message)")
        }
      }
    }
  }

  @Test func samplexsOwnFlagsStillParse() throws {
    let command = try ForeignFlags.parse([
      "train", "corpus.txt", "--threads", "2", "--subsample", "1e-4", "--samples", "5",
    ])
    let train = try #require(command as? TrainCommand)
    #expect(train.threads == 2)
    #expect(train.subsample == 1e-4)
  }

  @Test func anUnknownFlagOfNoOtherToolKeepsTheSpellingSuggestion() {
    #expect(trainError(["--lossy", "nce"]).contains("Did you mean '--loss'?"))
  }

  @Test func otherCommandsAreParsedAsBefore() {
    do {
      _ = try ForeignFlags.parse(["vocab", "c.txt", "--size", "3"])
      Issue.record("vocab accepted --size")
    } catch {
      #expect(SamplexCommand.message(for: error).hasPrefix("Unknown option '--size'"))
      #expect(!SamplexCommand.message(for: error).contains("--dim"))
    }
  }
}
