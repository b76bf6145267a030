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

/// The rows of the README's table of word2vec's, gensim's and fastText's flags, each as its
/// four cells without backquotes (the last Samplex's).
private func readmeTranslationRows() throws -> [[String]] {
  let readme = try String(
    contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
  let lines = readme.split(separator: "\n").map(String.init)
  let header = try #require(lines.firstIndex(of: "| word2vec | gensim | fastText | Samplex |"))
  return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { row in
    row.split(separator: "|").map {
      $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "")
    }
  }
}

/// The long options `samplex train --help` lists, as written (`--dim`, `--no-spool`).
private let trainOptions: Set<String> = {
  let help = SamplexCommand.helpMessage(for: TrainCommand.self, columns: 400)
  var names: Set<String> = []
  for line in help.split(separator: "\n") where line.hasPrefix("  -") {
    // `-o, --output <output>`, `--spool/--no-spool`: the words before the value's name.
    let heads = line.split(separator: " ").prefix { $0.hasPrefix("-") }
    for name in heads.flatMap({ $0.split(whereSeparator: { $0 == "/" || $0 == "," }) })
    where name.hasPrefix("--") {
      names.insert(String(name))
    }
  }
  return names
}()

/// The `--flag` words of `text`, without trailing punctuation.
private func longFlags(in text: String) -> [String] {
  text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "`" || $0 == "(" }).compactMap {
    word -> String? in
    let flag = word.prefix { $0 == "-" || $0.isLetter || $0.isNumber }
    guard flag.hasPrefix("--"), flag.count > 2 else { return nil }
    return String(flag.hasSuffix("-") ? flag.dropLast() : flag)
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
    let rows = try readmeTranslationRows()
    #expect(rows.count >= 10)
    for cells in rows {
      let row = cells.joined(separator: " | ")
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

  /// The Samplex column of the README's table and the flags `train --help` names are options
  /// `samplex train` has, and a value a row gives (`--model cbow`) is one it takes.
  @Test func theTranslationsNameTrainsOwnFlags() throws {
    #expect(trainOptions.contains("--dim") && trainOptions.contains("--no-spool"))
    let cells = try readmeTranslationRows().map { $0.last ?? "" }
    let named = longFlags(in: cells.joined(separator: " "))
    #expect(named.count >= 12, "\(cells)")
    for flag in named + longFlags(in: TrainCommand.configuration.discussion) {
      #expect(trainOptions.contains(flag), "\(flag) is not an option of samplex train")
    }
    for cell in cells where cell.hasPrefix("--") && cell.contains(" ") {
      #expect(throws: Never.self, "\(cell)") {
        try ForeignFlags.parse(
          ["train", "corpus.txt"] + cell.split(separator: " ").map(String.init))
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
