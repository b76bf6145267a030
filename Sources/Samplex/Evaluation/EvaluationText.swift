/// Reads an evaluation file (analogies, similarity pairs) whole, up to a size no evaluation set
/// comes near, so that a path to a device or an image fails at once instead of filling memory.
enum EvaluationText {
  /// Word2vec's questions-words.txt is 0.6 MB and the similarity sets smaller: 64 MiB holds a
  /// hundred times the largest known set.
  static let maxBytes = 64 << 20

  /// The text of the evaluation file at `path`.
  /// - Throws: `EvaluationError.notFound` when it is missing, `.tooLarge` past `maxBytes`;
  ///   `CorpusError` for a folder or a file that cannot be read.
  static func read(path: String) throws -> String {
    let read: [UInt8]?
    do {
      read = try OpenFile(path: path).contents(limit: maxBytes)
    } catch .notFound {
      throw EvaluationError.notFound(path: path)
    } catch {
      throw error.reading("an evaluation file")
    }
    guard let bytes = read else { throw EvaluationError.tooLarge(path: path) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
