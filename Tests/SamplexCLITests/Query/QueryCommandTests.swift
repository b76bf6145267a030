import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// A word2vec text file whose answers hold by construction: king − man + woman is queen, cereal
/// is no meal, and `man` is ten times longer than the rest (unnormalised, king − man + woman
/// would be nearest `notman`).
private func handMadeVectors() throws -> String {
  let text = """
    9 3
    man 10 0 0
    woman 0 1 0
    king 3 0 3
    queen 0 0.5 0.5
    notman -1 0 0
    breakfast 1 0.1 0
    lunch 100 0 10
    dinner 1 -0.1 0.1
    cereal 0 0.5 0

    """
  return try Fixtures.file(named: "hand.txt", bytes: Array(text.utf8))
}

/// `samplex` run with `arguments`, which must succeed: its standard output and error.
private func succeed(_ arguments: [String]) throws -> (output: String, errors: String) {
  let run = try SamplexProcess.capture(arguments)
  #expect(run.status == 0, "\(run.errors)")
  return (run.output, run.errors)
}

/// `samplex` run with `arguments`, which must succeed, its standard output read as JSON.
private func json(_ arguments: [String]) throws -> (object: [String: Any], errors: String) {
  let run = try succeed(arguments + ["--json"])
  let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
  #expect(run.output.split(separator: "\n").count == 1)
  return (try #require(object as? [String: Any]), run.errors)
}

private func warning(_ word: String, _ path: String) -> String {
  "warning: '\(word)' is not in the vocabulary of \(path) (9 words, matched as written, then "
    + "ignoring case); it is left out.\n"
}

/// The words and similarities of a JSON ranking.
private func ranking(_ value: Any?) throws -> [(word: String, similarity: Float)] {
  try #require(value as? [[String: Any]]).map {
    (try #require($0["word"] as? String), Float(try #require($0["similarity"] as? Double)))
  }
}

@Suite struct QueryCommandTests {
  @Test func neighborsMixesPositiveAndNegativeWordsAsGensimDoes() throws {
    let path = try handMadeVectors()
    let (object, errors) = try json([
      "neighbors", path, "--positive", "king", "woman", "--negative", "man", "-k", "3",
    ])
    #expect(errors.isEmpty)
    #expect(object["positive"] as? [String] == ["king", "woman"])
    #expect(object["negative"] as? [String] == ["man"])
    #expect(object["skipped"] as? [String] == [])
    let vectors = try Word2VecReader.read(path: path)
    let expected = NearestNeighbors(NormalizedVectors(vectors)).mostSimilar(
      positive: [2, 1], negative: [0], count: 3)
    let answers = try ranking(object["neighbors"])
    #expect(answers.first?.word == "queen")
    #expect(answers.map(\.word) == expected.map(\.word))
    #expect(answers.map(\.similarity) == expected.map(\.similarity))
    // Negative words alone: away from man is along −man.
    let away = try succeed(["neighbors", path, "--negative", "man", "-k", "1"])
    #expect(away.output == "- man: notman 1.000\n")
  }

  @Test func neighborsSkipsAnUnknownWordWithAWarningAndAnswersTheRest() throws {
    let path = try handMadeVectors()
    let run = try succeed(["neighbors", path, "KING", "qqqzzz", "-k", "2"])
    // KING is king ignoring case, as before; qqqzzz is named once and left out.
    let index = NearestNeighbors(NormalizedVectors(try Word2VecReader.read(path: path)))
    let king = index.neighbors(of: 2, count: 2)
    #expect(
      run.output == "KING: "
        + king.map { "\($0.word) \(format($0.similarity))" }.joined(separator: ", ") + "\n")
    #expect(run.errors == warning("qqqzzz", path))
    let mixed = try json(["neighbors", path, "--positive", "king", "qqqzzz", "-k", "1"])
    #expect(mixed.object["positive"] as? [String] == ["king"])
    #expect(mixed.object["skipped"] as? [String] == ["qqqzzz"])
    #expect(try ranking(mixed.object["neighbors"]).map(\.word) == [king[0].word])
    #expect(mixed.errors == warning("qqqzzz", path))
  }

  @Test func neighborsWithEveryWordUnknownIsOneError() throws {
    let path = try handMadeVectors()
    for arguments in [["qqq", "zzz"], ["--positive", "qqq", "--negative", "zzz"]] {
      let run = try SamplexProcess.capture(["neighbors", path] + arguments)
      #expect(run.status != 0)
      #expect(run.output.isEmpty)
      #expect(!run.errors.contains("warning"))
      #expect(
        run.errors.hasSuffix(
          "nothing is left to answer: 'qqq', 'zzz' are not in the vocabulary of \(path) (9 words, "
            + "matched as written, then ignoring case); check the spelling.\n"))
    }
  }

  @Test func neighborsWritesEachWordsListAsJSON() throws {
    let path = try handMadeVectors()
    let (object, _) = try json(["neighbors", path, "king", "cereal", "-k", "2"])
    let queries = try #require(object["queries"] as? [[String: Any]])
    #expect(queries.map { $0["word"] as? String } == ["king", "cereal"])
    let index = NearestNeighbors(NormalizedVectors(try Word2VecReader.read(path: path)))
    for (query, id) in zip(queries, [2, 8]) {
      let expected = index.neighbors(of: id, count: 2)
      #expect(try ranking(query["neighbors"]).map(\.word) == expected.map(\.word))
      #expect(try ranking(query["neighbors"]).map(\.similarity) == expected.map(\.similarity))
    }
  }

  @Test func neighborsTakesWordsOneWayOrTheOther() {
    #expect {
      _ = try SamplexCommand.parseAsRoot(["neighbors", "v.bin", "king", "--positive", "queen"])
    } throws: { error in
      SamplexCommand.message(for: error).contains("not both")
    }
    #expect {
      _ = try SamplexCommand.parseAsRoot(["neighbors", "v.bin"])
    } throws: { error in
      SamplexCommand.message(for: error).contains("give at least one word")
    }
  }

  @Test func analogyWritesItsAnswersAsJSON() throws {
    let path = try handMadeVectors()
    let (object, _) = try json(["analogy", path, "man", "king", "woman", "-k", "2"])
    #expect([object["a"], object["b"], object["c"]] as? [String] == ["man", "king", "woman"])
    #expect(try ranking(object["answers"]).first?.word == "queen")
    #expect(object["skipped"] as? [String] == [])
  }

  @Test func similarityPrintsEachPair() throws {
    let path = try handMadeVectors()
    let run = try succeed(["similarity", path, "king", "queen", "man", "notman"])
    // (1, 0, 1)/√2 · (0, 1, 1)/√2 and a vector against its opposite.
    #expect(run.output == "king queen 0.500\nman notman -1.000\n")
  }

  @Test func similaritySkipsAPairWithAnUnknownWord() throws {
    let path = try handMadeVectors()
    let (object, errors) = try json(["similarity", path, "king", "qqq", "Queen", "woman"])
    let pairs = try #require(object["pairs"] as? [[String: Any]])
    #expect(pairs.count == 1)
    #expect(pairs.first?["words"] as? [String] == ["Queen", "woman"])
    let vectors = NormalizedVectors(try Word2VecReader.read(path: path))
    #expect(pairs.first?["similarity"] as? Double == Double("\(vectors.cosine(3, 1))"))
    #expect(object["skipped"] as? [String] == ["qqq"])
    #expect(errors == warning("qqq", path))
    let none = try SamplexProcess.capture(["similarity", path, "king", "qqq", "zzz", "queen"])
    #expect(none.status != 0)
    #expect(none.errors.contains("nothing is left to answer: 'qqq', 'zzz' are not"))
    #expect {
      _ = try SamplexCommand.parseAsRoot(["similarity", path, "king", "queen", "man"])
    } throws: { error in
      SamplexCommand.message(for: error).contains("3 is not an even number of words")
    }
  }

  @Test func doesntMatchPrintsTheOddWordFirst() throws {
    let path = try handMadeVectors()
    let run = try succeed([
      "doesnt-match", path, "breakfast", "cereal", "dinner", "lunch",
    ])
    let lines = run.output.split(separator: "\n")
    #expect(lines.first == "cereal")
    #expect(
      lines.dropFirst().map { $0.split(separator: " ").first }
        == ["cereal", "dinner", "lunch", "breakfast"].map { Substring($0) })
    let (object, errors) = try json([
      "doesnt-match", path, "breakfast", "cereal", "qqq", "dinner", "lunch",
    ])
    #expect(object["odd_one_out"] as? String == "cereal")
    #expect(object["words"] as? [String] == ["breakfast", "cereal", "dinner", "lunch"])
    #expect(object["skipped"] as? [String] == ["qqq"])
    #expect(errors == warning("qqq", path))
    let vectors = NormalizedVectors(try Word2VecReader.read(path: path))
    let odd = OddOneOut([5, 8, 7, 6], in: vectors)
    #expect(try ranking(object["ranking"]).map(\.similarity) == odd.ranking.map(\.similarity))
    // One known word has no other to stand apart from: nothing to answer either.
    for words in [["qqq", "zzz"], ["cereal", "zzz"]] {
      let none = try SamplexProcess.capture(["doesnt-match", path] + words)
      #expect(none.status != 0, "\(words)")
      #expect(none.errors.contains("nothing is left to answer"), "\(words)")
    }
  }

  /// Words and paths from files and arguments are printed with their control characters
  /// escaped, in answers, warnings and errors alike: a word holding `ESC [ 2 J` cleared the
  /// terminal, one holding `ESC [ 31 m` recoloured it. JSON escapes them as JSON does.
  @Test func terminalEscapeSequencesArePrintedEscaped() throws {
    let text = "3 2\nking 1 0\nqueen\u{1B}[31m 0.9 0.1\nman 0 1\n"
    let path = try Fixtures.file(named: "escape\u{1B}[2J.txt", bytes: Array(text.utf8))
    let answer = try succeed(["neighbors", path, "king", "bad\u{1B}[2J", "-k", "1"])
    let shownPath = path.replacingOccurrences(of: "\u{1B}", with: "\\u{1B}")
    #expect(answer.output == "king: queen\\u{1B}[31m 0.994\n")
    #expect(
      answer.errors
        == "warning: 'bad\\u{1B}[2J' is not in the vocabulary of \(shownPath) (3 words, matched as "
        + "written, then ignoring case); it is left out.\n")
    let refused = try SamplexProcess.capture(["analogy", path, "king", "man", "\u{1B}[2Jx"])
    #expect(refused.status == 1)
    #expect(!refused.errors.contains("\u{1B}") && refused.errors.contains("'\\u{1B}[2Jx'"))
    let (object, _) = try json(["neighbors", path, "king", "-k", "1"])
    let first = try ranking((object["queries"] as? [[String: Any]])?.first?["neighbors"])
    #expect(first.map(\.word) == ["queen\u{1B}[31m"])
  }
}
