/// A vectors file that cannot be read, naming the line or byte where it goes wrong.
public enum VectorFileError: Error, CustomStringConvertible, Equatable, Sendable {
  case notFound(path: String)
  case malformedHeader(path: String, found: String)
  case malformedRow(path: String, line: Int, reason: String)
  case truncated(path: String, offset: Int, rowsRead: Int, rowsExpected: Int)
  case malformedBinary(path: String, offset: Int, reason: String)
  case empty(path: String)
  /// A row (1-based, after the header) holding NaN or an infinity, which spreads into every
  /// similarity computed with it.
  case nonFinite(path: String, row: Int, word: String)
  /// A header announcing more rows × dimensions than the file's `size` bytes can hold: the
  /// least its rows take (`needs`, nil past 64 bits).
  case shorterThanHeader(path: String, rows: Int, dimensions: Int, needs: Int?, size: Int)
  /// A file larger than the memory `available` to read it, or (`size` nil) a device that goes on
  /// past `available`, what its header's rows take at their longest or the memory there is.
  case tooLarge(path: String, size: Int?, available: Int)
  /// A device or pipe, of a format without a header (a projector pair's file), that goes on
  /// past `limit` bytes.
  case streamTooLong(path: String, limit: Int)
  /// A word (row 1-based) that the format being written cannot hold (`WordBoundary`), with the
  /// formats that can.
  case wordNotWritable(
    path: String, row: Int, word: String, problem: String, format: String, alternatives: [String])

  public var description: String {
    switch self {
    case .notFound(let path):
      return "\(path): no such vectors file; check the path."
    case .malformedHeader(let path, let found):
      return "\(path):1: expected the word2vec header 'WORDS DIMENSIONS', found "
        + "'\(Self.printable(found))'; is this a word2vec vectors file?"
    case .malformedRow(let path, let line, let reason):
      return "\(path):\(line): \(reason); is this a word2vec text file (--format binary reads "
        + "binary files)?"
    case .truncated(let path, let offset, let read, let expected):
      return "\(path): the file ends at byte \(offset) after \(read) of the \(expected) vectors "
        + "its header announces; the file is cut short (copy it again or fix the header)."
    case .malformedBinary(let path, let offset, let reason):
      return "\(path): byte \(offset): \(reason); is this a word2vec binary file (--format text "
        + "reads text files)?"
    case .empty(let path):
      return "\(path): the file holds no vectors."
    case .nonFinite(let path, let row, let word):
      return "\(path): the vector of '\(word)' (row \(row)) holds NaN or an infinite value, which "
        + "would spoil every similarity with it; fix or remove that row."
    case .shorterThanHeader(let path, let rows, let dimensions, let needs, let size):
      return "\(path): its header announces \(rows) vectors of \(dimensions) values, which take "
        + (needs.map { "at least \($0) bytes" } ?? "more bytes than 64 bits count")
        + ", and the file has \(size); the file is cut short (copy it again or fix the header)."
    case .tooLarge(let path, let size, let available):
      return "\(path): the file "
        + (size.map {
          "is \($0 / 1_000_000) MB, and only \(available / 1_000_000) MB of memory is available "
            + "to read it"
        } ?? "goes on past the \(available) bytes that its header's vectors can take")
        + "; is this a vectors file?"
    case .streamTooLong(let path, let limit):
      return "\(path): the file goes on past \(limit >> 20) MiB, the most read from a device or "
        + "pipe; save the vectors to a file and give its path."
    case .wordNotWritable(let path, let row, let word, let problem, let format, let alternatives):
      return "\(path): the word '\(Self.printable(word))' (row \(row)) \(problem), which "
        + "\(format) cannot hold, so the file would not read back; "
        + (alternatives.isEmpty
          ? "change the word where the vectors come from."
          : "write \(alternatives.joined(separator: " or ")) instead.")
    }
  }

  /// What a file held, fit for a terminal: control characters escaped (`TerminalText`), at most
  /// 60 characters, so that a binary or a device (`/dev/zero`) prints as a short line.
  static func printable(_ text: String) -> String {
    let shown = TerminalText.escaped(
      String(String.UnicodeScalarView(text.unicodeScalars.prefix(60))))
    return text.unicodeScalars.count > 60 ? shown + "…" : shown
  }
}

extension VectorFileError {
  /// Opens the vectors file at `path` for a reader.
  /// - Throws: `.notFound` when it is missing; `CorpusError.notAFile` naming `wanted` (a
  ///   vectors file) for a folder, `.unreadable` for a file that cannot be opened.
  static func open(_ path: String, wanted: String) throws -> OpenFile {
    do {
      return try OpenFile(path: path)
    } catch .notFound {
      throw VectorFileError.notFound(path: path)
    } catch {
      throw error.reading(wanted)
    }
  }
}
