/// A vocabulary that cannot be built or read, with what to do about it.
public enum VocabularyError: Error, CustomStringConvertible, Equatable, Sendable {
  case emptyAfterMinCount(corpus: String, minCount: Int, distinct: Int, highestCount: Int64)
  case malformedLine(path: String, line: Int, reason: String)
  case emptyFile(path: String)
  /// A vocabulary file (`--read-vocab`) of which no word has `minCount` or more.
  case fileEmptyAfterMinCount(path: String, minCount: Int, words: Int, highestCount: Int64)
  /// A vocabulary file past `VocabularyFile.maxBytes`.
  case fileTooLarge(path: String)
  /// Counts spilled past `vocabulary.max_distinct` that could not be written or read back.
  case spillFailed(directory: String, reason: String)

  public var description: String {
    switch self {
    case .emptyAfterMinCount(let corpus, let minCount, let distinct, let highest):
      return
        "\(corpus): no word occurs at least \(minCount) times (\(distinct) distinct, the most "
        + "frequent \(highest) times); lower --min-count or give a larger corpus."
    case .malformedLine(let path, let line, let reason):
      return
        "\(path):\(line): \(reason); each line must be 'word count' as word2vec's -save-vocab writes."
    case .emptyFile(let path):
      return
        "\(path): the vocabulary file has no words; write one with 'samplex vocab CORPUS -o FILE'."
    case .fileEmptyAfterMinCount(let path, let minCount, let words, let highest):
      return
        "\(path): no word of the vocabulary file's \(words) has a count of at least \(minCount) "
        + "(the highest is \(highest)); lower --min-count."
    case .fileTooLarge(let path):
      return
        "\(path): the file holds more than \(VocabularyFile.maxBytes >> 20) MiB, more than a "
        + "vocabulary file of 50 million words takes; is this a vocab.txt?"
    case .spillFailed(let directory, let reason):
      return
        "\(directory): the counts spilled there past vocabulary.max_distinct could not be "
        + "written or read back (\(reason)); set TMPDIR to a folder with room, or raise "
        + "--max-distinct."
    }
  }
}
