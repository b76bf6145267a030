/// An evaluation file that cannot be used.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
  case notFound(path: String)
  case questionBeforeSection(path: String, line: Int)
  case nothingInVocabulary(path: String)
  /// A file past `EvaluationText.maxBytes`.
  case tooLarge(path: String)

  public var description: String {
    switch self {
    case .notFound(let path):
      return "\(path): no such evaluation file; check the path."
    case .questionBeforeSection(let path, let line):
      return "\(path):\(line): a question before any ': section' line; is this an analogy file "
        + "in word2vec's questions-words format?"
    case .nothingInVocabulary(let path):
      return "\(path): none of its words are in the vectors' vocabulary, so there is nothing to "
        + "score; check the file matches the vectors' language and case."
    case .tooLarge(let path):
      return
        "\(path): the file holds more than \(EvaluationText.maxBytes >> 20) MiB, more than any "
        + "evaluation set; check the path."
    }
  }
}
