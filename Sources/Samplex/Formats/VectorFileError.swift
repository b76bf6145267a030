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

  public var description: String {
    switch self {
    case .notFound(let path):
      return "\(path): no such vectors file; check the path."
    case .malformedHeader(let path, let found):
      return "\(path):1: expected the word2vec header 'WORDS DIMENSIONS', found '\(found)'; is "
        + "this a word2vec vectors file?"
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
    }
  }
}
