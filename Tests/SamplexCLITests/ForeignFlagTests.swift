import ArgumentParser
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
    (["--hs", "1"], "Samplex has no hierarchical softmax"),
    (["--cbow", "1"], "is --model cbow here"),
    (["--alpha", "0.05"], "is --lr here"),
    (["--min_count", "5"], "is --min-count here"),
    (["-min-count", "5"], "is --min-count here"),
    (["-threads", "2"], "is --threads here"),
  ])
  func aFlagOfWord2VecNamesSamplexsOwn(_ arguments: [String], _ phrase: String) {
    let message = trainError(arguments)
    let flag = String(arguments[0].prefix { $0 != "=" })
    #expect(message.hasPrefix("Unknown option '\(flag)': "), "\(message)")
    #expect(message.contains(phrase), "\(message)")
    #expect(!message.contains("Did you mean"), "\(message)")
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
