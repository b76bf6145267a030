import Samplex
import TestSupport
import Testing

@Suite struct TokenizerTests {
  private func tokenize(
    _ text: [UInt8], options: TokenizerOptions = TokenizerOptions(), chunk: Int = 4096
  )
    -> (RecordingSink, TokenizerStatistics)
  {
    var tokenizer = Tokenizer(options: options)
    var sink = RecordingSink()
    text.withUnsafeBytes { bytes in
      var start = 0
      while start < bytes.count {
        let end = min(bytes.count, start + chunk)
        tokenizer.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &sink)
        start = end
      }
    }
    tokenizer.finish(into: &sink)
    return (sink, tokenizer.statistics)
  }

  @Test func linesAreSentencesAndAllASCIIWhitespaceSeparates() {
    let (sink, statistics) = tokenize(Array("a b\tc\r\nd\u{0B}e\u{0C}f\n\n  \ng h".utf8))
    #expect(sink.sentences == [["a", "b", "c"], ["d", "e", "f"], ["g", "h"]])
    #expect(statistics.tokens == 8)
    #expect(statistics.sentences == 3)
  }

  @Test(arguments: [1, 2, 3, 7, 4096])
  func chunkBoundariesDoNotChangeTokens(chunk: Int) {
    let text = Array("ÉCOLE Straße naïve café \u{FF}\u{FE}bad x\nverylongtoken".utf8)
    let options = TokenizerOptions(lowercase: true, maxTokenBytes: 5)
    let whole = tokenize(text, options: options, chunk: text.count)
    let chunked = tokenize(text, options: options, chunk: chunk)
    #expect(chunked.0.sentences == whole.0.sentences)
    #expect(chunked.1 == whole.1)
  }

  @Test func lowercasesASCIIAndUnicodeLetters() {
    let (sink, _) = tokenize(
      Array("The ÉCOLE ΑΒΓ straße".utf8), options: TokenizerOptions(lowercase: true))
    #expect(sink.tokens == ["the", "école", "αβγ", "straße"])
  }

  @Test func leavesCaseAloneByDefault() {
    let (sink, _) = tokenize(Array("The ÉCOLE".utf8))
    #expect(sink.tokens == ["The", "ÉCOLE"])
  }

  @Test func cutsOverlongTokensAtACharacterBoundary() {
    // "aé" is 3 bytes; "aéé" is 5: a 4-byte limit must not split the second "é" (2 bytes).
    let (sink, statistics) = tokenize(
      Array("aéé abcdefghij ok".utf8), options: TokenizerOptions(maxTokenBytes: 4))
    #expect(sink.tokens == ["aé", "abcd", "ok"])
    #expect(statistics.truncatedTokens == 2)
  }

  @Test func countsAndRepairsInvalidUTF8() {
    let (sink, statistics) = tokenize([0x61, 0xFF, 0x62, 0x20, 0xC3, 0xA9, 0x20, 0xE2, 0x82])
    #expect(sink.tokens == ["a\u{FFFD}b", "é", "\u{FFFD}"])
    #expect(statistics.invalidUTF8Tokens == 2)
  }

  @Test func splitsSentencesLongerThanTheLimit() {
    let line = (0..<7).map { "w\($0)" }.joined(separator: " ")
    let (sink, statistics) = tokenize(
      Array((line + "\nx").utf8), options: TokenizerOptions(maxSentenceTokens: 3))
    #expect(sink.sentences.map(\.count) == [3, 3, 1, 1])
    #expect(statistics.splitSentences == 2)
    #expect(statistics.sentences == 4)
  }

  @Test func aSentenceEndingExactlyAtTheLimitIsNotFollowedByAnEmptyOne() {
    let (sink, _) = tokenize(
      Array("a b c\nd".utf8), options: TokenizerOptions(maxSentenceTokens: 3))
    #expect(sink.sentences == [["a", "b", "c"], ["d"]])
  }
}
