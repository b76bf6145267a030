import Foundation
import Samplex
import TestSupport
import Testing

/// The gensim-written fixtures of Data/vectors (Data/README.md says how they were made).
private let gensimBinary = Fixtures.data("vectors/corpusA-10k-d32.bin")
private let gensimTextHead = Fixtures.data("vectors/corpusA-head300-d32.txt")

@Suite struct VectorFormatTests {
  @Test func gensimsBinaryAndTextFilesHoldTheSameVectors() throws {
    let binary = try Word2VecReader.read(path: gensimBinary)
    #expect(binary.count == 10_000)
    #expect(binary.dimensions == 32)
    #expect(binary.words.prefix(3) == ["the", "and", "of"])
    let text = try Word2VecReader.read(path: gensimTextHead)
    #expect(text.words == Array(binary.words.prefix(300)))
    // gensim writes each float32 as its shortest round-tripping decimal, so text is exact.
    #expect(text.values == Array(binary.values.prefix(300 * 32)))
  }

  /// Each format writes a word only when it reads it back as it was: a word holding what ends a
  /// word there (a tab or a line break in text, a space in binary, a tab in TSV) is refused in
  /// one sentence naming its row and the formats that hold it, and nothing is written. Before,
  /// `samplex convert` wrote such words into text it could not read back.
  @Test(arguments: [
    "a\tb", "a\nb", "\nab", "ab\r", "a b", "a\rb", "x\u{1B}[31m", "ünï", "",
  ])
  func everyFormatWritesOnlyWordsItReadsBack(word: String) throws {
    let vectors = WordVectors(words: ["the", word], dimensions: 2, values: [1, 2, 3, 4])
    let folder = try Fixtures.temporaryDirectory()
    let writers: [(WordBoundary, String, (String) throws -> Void, (String) throws -> WordVectors)] =
      [
        (
          .word2vecText, folder + "/v.txt",
          { try Word2VecWriter.write(vectors, to: $0, format: .text) },
          { try Word2VecReader.read(path: $0) }
        ),
        (
          .word2vecBinary, folder + "/v.bin",
          { try Word2VecWriter.write(vectors, to: $0, format: .binary) },
          { try Word2VecReader.read(path: $0) }
        ),
        (
          .projectorMetadata, folder + "/v.tsv",
          { try ProjectorTSV.write(vectors, to: ProjectorPaths($0)) },
          { try ProjectorTSV.read(ProjectorPaths($0)) }
        ),
      ]
    let holding = writers.filter { $0.0.problem(in: word) == nil }.count
    // Only a word that is empty or begins with a line break has no format to hold it.
    #expect((holding == 0) == (word.isEmpty || word.hasPrefix("\n")))
    for (boundary, path, write, read) in writers {
      if boundary.problem(in: word) == nil {
        try write(path)
        let back = try read(path)
        #expect(back.words == vectors.words && back.values == vectors.values)
        continue
      }
      #expect {
        try write(path)
      } throws: { error in
        guard
          case .wordNotWritable(_, 2, word, _, _, let alternatives) = error as? VectorFileError
        else { return false }
        return alternatives.count == holding
      }
      #expect(!FileManager.default.fileExists(atPath: path))
    }
    let text =
      "\(VectorFileError.wordNotWritable(path: "v.txt", row: 2, word: "a\tb\u{1B}", problem: "holds a tab", format: "word2vec text (.txt)", alternatives: ["word2vec binary (.bin)"]))"
    #expect(
      text
        == "v.txt: the word 'a\\tb\\u{1B}' (row 2) holds a tab, which word2vec text (.txt) cannot "
        + "hold, so the file would not read back; write word2vec binary (.bin) instead.")
  }

  @Test func aPrefixKeepsTheFirstRows() {
    let vectors = WordVectors(words: ["a", "b", "c"], dimensions: 2, values: [1, 2, 3, 4, 5, 6])
    let two = vectors.prefix(2)
    #expect(two.words == ["a", "b"] && two.values == [1, 2, 3, 4])
    #expect(two.id(of: "c") == nil)
    #expect(vectors.prefix(9).words == vectors.words)
  }

  @Test(arguments: [Word2VecWriter.Format.text, .binary])
  func writingThenReadingGivesTheSameVectors(format: Word2VecWriter.Format) throws {
    let vectors = WordVectors(
      words: ["a", "bé", "c"], dimensions: 2, values: [1, -2.5, 0.1, 1e-7, -3.4e38, 7])
    let path = try Fixtures.temporaryDirectory() + (format == .text ? "/v.txt" : "/v.bin")
    try Word2VecWriter.write(vectors, to: path, format: format)
    let read = try Word2VecReader.read(path: path)
    #expect(read.words == vectors.words)
    #expect(read.values == vectors.values)
  }

  /// Text rows are formatted a block of 1,024 at a time on several threads; the file must still
  /// hold every row once, in order, each value as `String(value)` prints it (the format gensim
  /// writes: Python's `repr` of the float32).
  @Test func textFilesOfManyBlocksHoldEveryRowInOrder() throws {
    let rows = 2 * 1024 + 37
    let words = (0..<rows).map { "w\($0)" }
    var random = Xoshiro256StarStar(seed: 7)
    let values = (0..<(rows * 3)).map { _ in
      Float(bitPattern: UInt32(truncatingIfNeeded: random.next() >> 32) & 0xBFFF_FFFF)
    }
    let path = try Fixtures.temporaryDirectory() + "/blocks.txt"
    try Word2VecWriter.write(
      WordVectors(words: words, dimensions: 3, values: values), to: path, format: .text)
    var expected = "\(rows) 3\n"
    for row in 0..<rows {
      expected +=
        words[row] + " "
        + values[(row * 3)..<(row * 3 + 3)].map { String($0) }.joined(separator: " ")
        + "\n"
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
  }

  @Test func theProjectorPairRoundTrips() throws {
    let vectors = try Word2VecReader.read(path: gensimTextHead)
    let folder = try Fixtures.temporaryDirectory() + "/projector"
    try ProjectorTSV.write(vectors, to: folder)
    let tensors = try String(contentsOfFile: folder + "/tensors.tsv", encoding: .utf8)
    #expect(tensors.split(separator: "\n").count == 300)
    #expect(tensors.split(separator: "\n")[0].split(separator: "\t").count == 32)
    let read = try ProjectorTSV.read(from: folder)
    #expect(read.words == vectors.words)
    #expect(read.values == vectors.values)
  }

  @Test(arguments: [
    ("2 3\na 1 2 3\nb 1 2\n", "v.txt:3: 2 values where the header announces 3"),
    ("2 2\na 1 2\nb 1 x\n", "v.txt:3: 'x' is not a number"),
    ("2 2\na 1 2\nb 1 2 3\n", "v.txt:3: more than the 2 values the header announces"),
    ("1 2\n 1 2\n", "v.txt:2: the line has no word"),
    (
      "3 2\na 1 2\nb 1 2\n",
      "the file ends at byte 16 after 2 of the 3 vectors its header announces"
    ),
    ("hello\n", "v.txt:1: expected the word2vec header 'WORDS DIMENSIONS', found 'hello'"),
    ("", "v.txt: the file holds no vectors."),
  ])
  func malformedTextFilesNameTheLine(text: String, expected: String) throws {
    let path = try Fixtures.file(named: "v.txt", bytes: Array(text.utf8))
    let error = try #require(errorMessage { _ = try Word2VecReader.read(path: path) })
    #expect(error.contains(expected), "\(error)")
    #expect(error.hasPrefix(path.replacingOccurrences(of: "/v.txt", with: "")))
  }

  @Test func aTruncatedBinaryFileNamesTheByteAndTheCount() throws {
    let whole = try Data(contentsOf: URL(fileURLWithPath: gensimBinary))
    let cut = Array(whole.prefix(whole.count - 100))
    let path = try Fixtures.file(named: "cut.bin", bytes: cut)
    #expect(
      errorMessage { _ = try Word2VecReader.read(path: path) }
        == "\(path): the file ends at byte \(cut.count) after 9999 of the 10000 vectors its header "
        + "announces; the file is cut short (copy it again or fix the header).")
  }

  @Test func aBinaryRowWithoutAWordIsMalformed() throws {
    var bytes = Array("1 1\n".utf8)
    bytes += [0x20] + [0, 0, 128, 63]
    let path = try Fixtures.file(named: "bad.bin", bytes: bytes)
    #expect(
      errorMessage { _ = try Word2VecReader.read(path: path) }
        == "\(path): byte 4: expected a word followed by a space; is this a word2vec binary file "
        + "(--format text reads text files)?")
  }

  /// A header is only a claim: one announcing 10^13 rows of 10^6 values (a product past
  /// Int.max, and petabytes) must not trap or make the reader reserve that much; the file is
  /// shorter than the rows it announces, which is the error, before any row is read. libFuzzer found the reservation (1 GiB for the header
  /// `9999999999995 1`); its inputs are kept in Tests/Fuzz/Corpora.
  @Test(arguments: [Word2VecWriter.Format.text, .binary])
  func aHugeHeaderCountIsTruncationNotAnAllocation(format: Word2VecWriter.Format) throws {
    var bytes = Array("10000000000000 1000000\n".utf8)
    if format == .binary { bytes += Array("w ".utf8) + [0, 0, 0, 63] }
    let path = try Fixtures.file(named: "huge." + format.rawValue, bytes: bytes)
    #expect(
      errorMessage { _ = try Word2VecReader.read(path: path, format: format) }
        == "\(path): its header announces 10000000000000 vectors of 1000000 values, which take "
        + "more bytes than 64 bits count, and the file has \(bytes.count); the file is cut short "
        + "(copy it again or fix the header).")
  }

  /// NaN or an infinity in a row is refused with the row and its word named: read as numbers
  /// (`strtof` takes "nan" and "inf"; binary rows hold any bits), one NaN in a row spoiled every
  /// neighbour list and similarity score computed with it.
  @Test(arguments: [
    ("3 2\na 1 2\nand nan 2\nb 1 2\n", Word2VecWriter.Format.text),
    ("3 2\na 1 2\nand 1 -inf\nb 1 2\n", .text),
    ("3 2\na 1 2\nand 1 1e39\nb 1 2\n", .text),
    ("", .binary),
  ])
  func aNonFiniteValueIsRefusedNamingItsRow(text: String, format: Word2VecWriter.Format) throws {
    var bytes = Array(text.utf8)
    if format == .binary {
      let nan = Float.nan.bitPattern.littleEndian
      let one = Float(1).bitPattern.littleEndian
      func row(_ word: String, _ values: [UInt32]) -> [UInt8] {
        Array((word + " ").utf8)
          + values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
          + [0x0A]
      }
      bytes =
        Array("3 2\n".utf8) + row("a", [one, one]) + row("and", [one, nan]) + row("b", [one, one])
    }
    let path = try Fixtures.file(named: "v." + format.rawValue, bytes: bytes)
    #expect(
      errorMessage { _ = try Word2VecReader.read(path: path, format: format) }
        == "\(path): the vector of 'and' (row 2) holds NaN or an infinite value, which would "
        + "spoil every similarity with it; fix or remove that row.")
  }
}
