import Foundation
import Samplex
import TestSupport
import Testing

/// The whole text of a synthetic corpus.
private func text(_ settings: SyntheticCorpus.Settings) throws -> String {
  var corpus = try SyntheticCorpus(settings)
  var bytes: [UInt8] = []
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
  defer { buffer.deallocate() }
  while true {
    let count = try corpus.read(into: buffer)
    if count == 0 { break }
    bytes.append(contentsOf: buffer[..<count])
  }
  return String(decoding: bytes, as: UTF8.self)
}

@Suite struct SyntheticCorpusTests {
  @Test func itWritesExactlyTheTokensAskedForTheSameForASeed() throws {
    var settings = SyntheticCorpus.Settings(vocabularySize: 500, tokens: 12_345, exponent: 1)
    settings.seed = 4
    let first = try text(settings)
    #expect(try text(settings) == first)
    let tokens = first.split(whereSeparator: \.isWhitespace)
    #expect(tokens.count == 12_345)
    #expect(tokens.allSatisfy { $0.first == "w" && (Int($0.dropFirst()) ?? -1) < 500 })
    #expect(first.hasSuffix("\n"))
    settings.seed = 5
    #expect(try text(settings) != first)
  }

  /// Each word's probability is its Zipf weight (the type's comment derives it): with s = 1,
  /// rank 0 is 10× as frequent as rank 9 and 2× as frequent as rank 1.
  @Test func frequenciesFollowZipfsLaw() throws {
    let settings = SyntheticCorpus.Settings(vocabularySize: 1000, tokens: 400_000, exponent: 1)
    var counts: [Substring: Int] = [:]
    for token in try text(settings).split(whereSeparator: \.isWhitespace) {
      counts[token, default: 0] += 1
    }
    // H(1000) ≈ 7.485: P(w0) = 0.1336, so 53,440 of 400,000 expected (sd ≈ 215).
    let top = Double(counts["w0"] ?? 0)
    #expect(abs(top - 400_000 / 7.4855) < 1500, "\(top)")
    #expect(abs(top / Double(counts["w1"] ?? 1) - 2) < 0.1)
    #expect(abs(top / Double(counts["w9"] ?? 1) - 10) < 0.8)
  }

  @Test func plantedGroupsAreEachOthersNeighbours() throws {
    var settings = SyntheticCorpus.Settings(vocabularySize: 64, tokens: 60_000, exponent: 0.5)
    settings.groupSize = 4
    settings.topicShare = 0.8
    let path = try Fixtures.file(named: "synth.txt", bytes: Array(try text(settings).utf8))
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.window = 5
    let run = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    let index = NearestNeighbors(words: Array(words.words), vectors: run.model.input)
    var found = 0
    for (id, word) in words.words.enumerated() {
      let group = Int(word.dropFirst())! / 4
      let nearest = index.neighbors(of: id, count: 1)[0].word
      if Int(nearest.dropFirst())! / 4 == group { found += 1 }
    }
    #expect(Double(found) / Double(words.count) >= 0.8, "\(found) of \(words.count)")
  }
}
