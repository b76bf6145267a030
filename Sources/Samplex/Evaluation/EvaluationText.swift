/// Reads an evaluation file (analogies, similarity pairs) whole, up to a size no evaluation set
/// comes near, so that a path to a device or an image fails at once instead of filling memory.
enum EvaluationText {
  /// Word2vec's questions-words.txt is 0.6 MB and the similarity sets smaller: 64 MiB holds a
  /// hundred times the largest known set.
  static let maxBytes = 64 << 20

  /// The text of the evaluation file at `path`.
  /// - Throws: `EvaluationError.notFound` when it cannot be read, `.tooLarge` past `maxBytes`.
  static func read(path: String) throws(EvaluationError) -> String {
    let read: [UInt8]?
    do {
      read = try OpenFile(path: path).contents(limit: maxBytes)
    } catch {
      throw .notFound(path: path)
    }
    guard let bytes = read else { throw .tooLarge(path: path) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
