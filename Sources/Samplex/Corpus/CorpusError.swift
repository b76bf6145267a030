/// A failure reading a corpus that the user can fix: each message names the input and says what to do.
public enum CorpusError: Error, CustomStringConvertible, Equatable, Sendable {
  case notFound(path: String)
  case isDirectory(path: String)
  /// A corpus folder (`CorpusFiles`) that holds no file to read.
  case emptyDirectory(path: String)
  /// A corpus glob pattern (`CorpusFiles`) that matches no file.
  case noMatch(pattern: String)
  /// Standard input (`-`) named beside other corpus inputs.
  case standardInputAmongFiles
  /// A folder where a file of another kind than a corpus was wanted (`wanted`: "an evaluation
  /// file"), made from `isDirectory` by `reading(_:)`.
  case notAFile(path: String, wanted: String)
  case unreadable(path: String, reason: String)
  case truncatedZstd(path: String, offset: Int)
  case corruptZstd(path: String, offset: Int, reason: String)
  case empty(path: String)
  case unwritable(path: String, reason: String)
  /// An output that is the input's own file (`SameFile`), which writing would replace while it
  /// is read.
  case outputIsInput(output: String, input: String)
  /// The temporary file of ids later epochs read (`IDSpool`) could not be read back whole.
  case spoolUnreadable(reason: String)

  public var description: String {
    switch self {
    case .notFound(let path):
      return "\(path): no such file; check the path, or pass '-' to read standard input."
    case .isDirectory(let path):
      return "\(path): is a directory, not a corpus file; name a text or .zst file inside it."
    case .emptyDirectory(let path):
      return
        "\(path): the folder holds no corpus file (hidden files and subfolders are passed over); "
        + "put text or .zst files in it, or name the files."
    case .noMatch(let pattern):
      return
        "\(pattern): no file matches this pattern; check it, and quote it so that the shell "
        + "leaves it to samplex."
    case .standardInputAmongFiles:
      return
        "'-' (standard input) cannot be read beside other corpus files; give either '-' alone or "
        + "the files."
    case .notAFile(let path, let wanted):
      return "\(path): is a folder, not \(wanted); give the path of the file itself."
    case .unreadable(let path, let reason):
      return "\(path): cannot be read (\(reason)); check its permissions."
    case .truncatedZstd(let path, let offset):
      return
        "\(path): the zstd stream is truncated at byte \(offset) (the last frame never ends); "
        + "recompress or download the file again."
    case .corruptZstd(let path, let offset, let reason):
      return
        "\(path): the zstd data is corrupt near byte \(offset) (\(reason)); "
        + "recompress or download the file again."
    case .empty(let path):
      return "\(path): the corpus has no tokens; give a file with whitespace-separated words."
    case .unwritable(let path, let reason):
      return
        "\(path): cannot be written (\(reason)); check that the folder exists, is writable and has room."
    case .outputIsInput(let output, let input):
      return
        "\(output): is the input \(input) itself, and writing it would replace what is read; "
        + "give another output path."
    case .spoolUnreadable(let reason):
      return
        "The corpus's ids spooled to $TMPDIR (or /var/tmp) for later epochs cannot be read back "
        + "(\(reason)); train with --no-spool, or set TMPDIR to a folder on a healthy disk."
    }
  }
}

extension CorpusError {
  /// This error for a reader of `wanted` (a vectors file, an evaluation file): a folder is named
  /// as not being one, where `isDirectory` speaks of a corpus.
  public func reading(_ wanted: String) -> CorpusError {
    guard case .isDirectory(let path) = self else { return self }
    return .notAFile(path: path, wanted: wanted)
  }
}
