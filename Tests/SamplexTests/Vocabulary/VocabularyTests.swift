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
    let text = try String(contentsOfFile: Fixtures.bundledPlainCorpus, encoding: .utf8)
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

  /// The words and counts a vocabulary is made of read back from its table's records, with
  /// words of several UTF-8 bytes and past the 15 a `String` keeps inline, and lookups agree.
  @Test func wordsAndCountsReadBackFromTheTable() throws {
    let words = ["the", "naïve", "a-word-longer-than-fifteen-bytes", "日本語", "x"]
    let counts: [Int64] = [9, 5, 3, 2, 1]
    let vocabulary = Vocabulary(words: words, counts: counts)
    #expect(vocabulary.words == words)
    #expect(vocabulary.counts == counts)
    #expect(vocabulary.words.count == 5 && vocabulary.counts.count == 5)
    #expect(vocabulary.totalCount == 20)
    for (id, word) in words.enumerated() { #expect(vocabulary.id(of: word) == Int32(id)) }
    let reordered = Vocabulary(words: words.reversed(), counts: counts)
    #expect(!(reordered.words == vocabulary.words))
    #expect(reordered.counts == vocabulary.counts)
  }

  /// gensim 4's order: count descending, and of equal counts the word first seen later comes
  /// first (`np.lexsort((-indices, -counts))` over the words in order of first appearance).
  /// Here a (first at 1) and d (first at 6) are both seen twice; e, f and g once, first seen at
  /// 8, 9 and 10 (and byte order would give a before d, e before g).
  @Test func idsAreByCountDescendingThenLaterFirstAppearanceFirst() throws {
    let vocabulary = try build("b a c b a b d d g f e", minCount: 1)
    #expect(vocabulary.words == ["b", "d", "a", "e", "f", "g", "c"])
    #expect(vocabulary.counts == [3, 2, 2, 1, 1, 1, 1])
    #expect(vocabulary.totalCount == 11)
    #expect(vocabulary.id(of: "d") == 1)
    #expect(vocabulary.id(of: "zzz") == nil)
  }

  /// A pruning rebuilds the table in order of first appearance, so ties keep gensim's order.
  @Test func tiesKeepTheirOrderThroughAPruning() throws {
    // 4 distinct words allowed: the 5th (e) prunes the words seen once (c, d, e); then y and x
    // are seen twice each, after a and b.
    var builder = VocabularyBuilder(maxDistinct: 4, overflow: .prune)
    feed("a b a b c d e y x y x", into: &builder)
    #expect(builder.pruneCount == 1)
    let vocabulary = try builder.build(minCount: 2, corpus: "test")
    #expect(vocabulary.words == ["x", "y", "b", "a"])
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
    var builder = VocabularyBuilder(maxDistinct: 3, overflow: .prune)
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
    // No corpus word holds whitespace, and word2vec text could not hold it: before, such a word
    // was read, and the run wrote a vectors.txt that did not read back.
    ("a 3\nb\tc 2\n", 2, "the word 'b\\tc' holds whitespace"),
    ("a 3\nb\u{0B}c 2\n", 2, "holds whitespace"),
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

  /// A vocabulary file read for training (`--read-vocab`): ids by count, ties in the file's
  /// order; min_count and max_size applied after.
  @Test func aFixedVocabularyIsReadByCountWithMinCountAndMaxSize() throws {
    let path = try Fixtures.file(named: "vocab.txt", bytes: Array("c 2\na 7\nz 1\nb 2\nd 9\n".utf8))
    let all = try FixedVocabulary.read(from: path, minCount: 1, maxSize: nil)
    #expect(all.words == ["d", "a", "c", "b", "z"])
    #expect(all.counts == [9, 7, 2, 2, 1])
    #expect(all.id(of: "b") == 3)
    let trimmed = try FixedVocabulary.read(from: path, minCount: 2, maxSize: 3)
    #expect(trimmed.words == ["d", "a", "c"])
    // A file Samplex wrote reads back as the vocabulary it holds: the same ids and fingerprint.
    let counted = try build("x y y z z z w w w naïve", minCount: 1)
    let written = try Fixtures.temporaryDirectory() + "/vocab.txt"
    try VocabularyFile.write(counted, to: written)
    let read = try FixedVocabulary.read(from: written, minCount: 1, maxSize: nil)
    #expect(read.words == counted.words)
    #expect(read.fingerprint == counted.fingerprint)
  }

  @Test func aFixedVocabularyLeftEmptyByMinCountIsAClearError() throws {
    let path = try Fixtures.file(named: "vocab.txt", bytes: Array("a 3\nb 1\n".utf8))
    #expect {
      _ = try FixedVocabulary.read(from: path, minCount: 5, maxSize: nil)
    } throws: { error in
      "\(error)"
        == "\(path): no word of the vocabulary file's 2 has a count of at least 5 (the highest is "
        + "3); lower --min-count."
    }
    let malformed = try Fixtures.file(named: "vocab.txt", bytes: Array("a 3\nb x\n".utf8))
    #expect {
      _ = try FixedVocabulary.read(from: malformed, minCount: 1, maxSize: nil)
    } throws: { error in
      "\(error)"
        == "\(malformed):2: the count 'x' is not a whole number ≥ 0; each line must be 'word "
        + "count' as word2vec's -save-vocab writes."
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
