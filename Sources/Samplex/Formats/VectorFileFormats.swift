/// Which of the word2vec files of its input vectors a run writes (`output.formats`):
/// `vectors.bin`, `vectors.txt` or both. Left unset, a run writes both unless the text would be
/// large (`textByteLimit`): there it takes several times the binary's room and a good part of
/// the run's time, and `samplex convert` writes it later from the binary when it is wanted.
public enum VectorFileFormats: String, Sendable, CaseIterable {
  case binary = "bin"
  case text = "txt"
  case both

  /// The largest text file written unasked: 1 GiB, about 900,000 words of 100 dimensions.
  public static let textByteLimit = 1 << 30

  /// About the bytes of a word2vec text file of `words` with `dimensions` values each: a value
  /// is printed in its shortest round-tripping form, mostly 10 or 11 characters, and a
  /// separator; 12 bytes is taken for each.
  public static func estimatedTextBytes(words: [String], dimensions: Int) -> Int {
    words.reduce(0) { $0 + $1.utf8.count + 1 } + words.count * dimensions * 12
  }

  /// The formats a run writes: `setting` when given, else both while the text file would take
  /// at most `textByteLimit` bytes, and the binary alone past it.
  public static func chosen(_ setting: VectorFileFormats?, words: [String], dimensions: Int)
    -> VectorFileFormats
  {
    if let setting { return setting }
    return estimatedTextBytes(words: words, dimensions: dimensions) <= textByteLimit
      ? .both : .binary
  }

  /// The run files these formats write and the word2vec format of each.
  public var files: [(file: RunFile, format: Word2VecWriter.Format)] {
    switch self {
    case .binary: [(.vectorsBinary, .binary)]
    case .text: [(.vectorsText, .text)]
    case .both: [(.vectorsBinary, .binary), (.vectorsText, .text)]
    }
  }
}
