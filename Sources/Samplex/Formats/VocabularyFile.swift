import Foundation

/// word2vec's `-save-vocab` format: one `word count` line per word, in id order.
public enum VocabularyFile {
  /// The largest vocabulary file read: 50 million words of 20 bytes a line, far past any
  /// vocabulary trained, so that a path to a device (`/dev/zero`) fails at once instead of
  /// filling memory.
  public static let maxBytes = 1 << 30

  /// Writes `vocabulary` to `path`, atomically.
  public static func write(_ vocabulary: Vocabulary, to path: String) throws {
    try AtomicFile.write(to: path) { file in
      for (word, count) in zip(vocabulary.words, vocabulary.counts) {
        try file.write("\(word) \(count)\n")
      }
    }
  }

  /// Reads a vocabulary written by `write` or by word2vec; ids follow the order of the lines.
  /// - Throws: `CorpusError` when the file cannot be read, `VocabularyError.malformedLine` naming
  ///   the first bad line, `.emptyFile` when there is no word, `.fileTooLarge` past `maxBytes`.
  public static func read(from path: String) throws -> Vocabulary {
    let file: OpenFile
    do {
      file = try OpenFile(path: path)
    } catch {
      throw error.reading("a vocabulary file")
    }
    guard let data = try file.contents(limit: maxBytes) else {
      throw VocabularyError.fileTooLarge(path: path)
    }
    var words: [String] = []
    var counts: [Int64] = []
    var seen = Set<String>()
    var lineNumber = 0
    for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      var fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
      if let last = fields.last, last.last == UInt8(ascii: "\r") {
        fields[fields.count - 1] = last.dropLast()
      }
      if fields.isEmpty { continue }
      guard fields.count == 2 else {
        throw VocabularyError.malformedLine(
          path: path, line: lineNumber, reason: "expected 2 fields, found \(fields.count)")
      }
      guard let word = String(validating: fields[0], as: UTF8.self) else {
        throw VocabularyError.malformedLine(
          path: path, line: lineNumber, reason: "the word is not valid UTF-8")
      }
      // No corpus token holds whitespace (the tokenizer splits there), and word2vec text could
      // not hold the word: refused here, not when the run writes vectors.txt after training.
      guard !fields[0].contains(where: TextBytes.isWhitespace) else {
        throw VocabularyError.malformedLine(
          path: path, line: lineNumber,
          reason: "the word '\(TerminalText.escaped(word))' holds whitespace, which no word of a "
            + "corpus holds (the tokenizer splits there)")
      }
      guard let count = Int64(String(decoding: fields[1], as: UTF8.self)), count >= 0 else {
        throw VocabularyError.malformedLine(
          path: path, line: lineNumber,
          reason:
            "the count '\(String(decoding: fields[1].prefix(40), as: UTF8.self))' is not a whole number ≥ 0"
        )
      }
      guard seen.insert(word).inserted else {
        throw VocabularyError.malformedLine(
          path: path, line: lineNumber, reason: "'\(word)' is listed twice")
      }
      words.append(word)
      counts.append(count)
    }
    guard !words.isEmpty else { throw VocabularyError.emptyFile(path: path) }
    return Vocabulary(words: words, counts: counts)
  }
}
