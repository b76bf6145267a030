import Foundation
import Samplex
import TestSupport
import Testing

@Suite struct VocabularyTests {
  @Test func countsEqualAnIndependentCountOfTheBundledCorpus() throws {
    let (builder, statistics) = try VocabularyBuilder.counting(
      TextSource(path: Fixtures.data("kjv.txt.zst")), options: .init())
    let vocabulary = try builder.build(minCount: 1, corpus: "kjv")
    // The independent count: Foundation's splitting of the decompressed text.
    let text = try String(contentsOfFile: bundledPlainCorpus, encoding: .utf8)
    var expected: [String: Int64] = [:]
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
      expected[String(word), default: 0] += 1
    }
    #expect(vocabulary.count == expected.count)
    #expect(statistics.tokens == expected.values.reduce(0, +))
    for (id, word) in vocabulary.words.enumerated() {
      #expect(vocabulary.counts[id] == expected[word], "count of \(word)")
    }
  }

  @Test func idsAreByCountDescendingThenByBytes() throws {
    let vocabulary = try build("b a c b a b d d", minCount: 1)
    #expect(vocabulary.words == ["b", "a", "d", "c"])
    #expect(vocabulary.counts == [3, 2, 2, 1])
    #expect(vocabulary.totalCount == 8)
    #expect(vocabulary.id(of: "d") == 2)
    #expect(vocabulary.id(of: "zzz") == nil)
  }

  @Test func minCountAndMaxSizeTrimTheRareWords() throws {
    let text = "a a a a b b b c c d"
    #expect(try build(text, minCount: 2).words == ["a", "b", "c"])
    #expect(try build(text, minCount: 1, maxSize: 2).words == ["a", "b"])
  }

  @Test func aVocabularyLeftEmptyByMinCountIsAClearError() throws {
    let error = #expect(throws: VocabularyError.self) { _ = try build("a b c", minCount: 5) }
    #expect(error == .emptyAfterMinCount(corpus: "test", minCount: 5, distinct: 3, highestCount: 1))
    #expect(error?.description.contains("lower --min-count") == true)
  }

  @Test func pruningDropsTheRarestWordsAsWord2vecDoes() throws {
    // 3 distinct words allowed: the 4th distinct word triggers a prune of count ≤ 1.
    var builder = VocabularyBuilder(maxDistinct: 3)
    feed("a a a b b c d", into: &builder)
    #expect(builder.pruneCount == 1)
    #expect(builder.pruneThreshold == 1)
    #expect(builder.prunedOccurrences == 2)
    let vocabulary = try builder.build(minCount: 1, corpus: "test")
    #expect(vocabulary.words == ["a", "b"])
    #expect(builder.totalTokens == 7)
  }

  @Test func vocabularyFilesRoundTrip() throws {
    let vocabulary = try build("naïve x x y naïve naïve", minCount: 1)
    let path = try Fixtures.temporaryDirectory() + "/vocab.txt"
    try VocabularyFile.write(vocabulary, to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "naïve 3\nx 2\ny 1\n")
    let read = try VocabularyFile.read(from: path)
    #expect(read.words == vocabulary.words)
    #expect(read.counts == vocabulary.counts)
  }

  @Test(arguments: [
    ("a 3\nb\n", 2, "expected 2 fields, found 1"),
    ("a 3\nb 2\nc two\n", 3, "is not a whole number"),
    ("a 3\nb -1\n", 2, "is not a whole number"),
    ("a 3\na 2\n", 2, "listed twice"),
  ])
  func aMalformedVocabularyLineIsNamed(text: String, line: Int, reason: String) throws {
    let path = try Fixtures.file(named: "vocab.txt", bytes: Array(text.utf8))
    let error = #expect(throws: VocabularyError.self) { _ = try VocabularyFile.read(from: path) }
    guard case .malformedLine(let reportedPath, let reportedLine, let message) = error else {
      Issue.record("expected a malformed-line error")
      return
    }
    #expect(reportedPath == path)
    #expect(reportedLine == line)
    #expect(message.contains(reason))
    #expect(error?.description.hasPrefix("\(path):\(line): ") == true)
  }

  @Test func anEmptyVocabularyFileIsAClearError() throws {
    let path = try Fixtures.file(named: "vocab.txt", bytes: Array("\n".utf8))
    #expect(throws: VocabularyError.emptyFile(path: path)) {
      _ = try VocabularyFile.read(from: path)
    }
  }

  private func feed(_ text: String, into builder: inout VocabularyBuilder) {
    var tokenizer = Tokenizer()
    Array(text.utf8).withUnsafeBytes { tokenizer.feed($0, into: &builder) }
    tokenizer.finish(into: &builder)
  }

  private func build(_ text: String, minCount: Int, maxSize: Int? = nil) throws -> Vocabulary {
    var builder = VocabularyBuilder()
    feed(text, into: &builder)
    return try builder.build(minCount: minCount, maxSize: maxSize, corpus: "test")
  }
}
