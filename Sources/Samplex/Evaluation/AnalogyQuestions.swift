import Foundation

/// An analogy file in word2vec's `questions-words.txt` format: `: section` lines, then
/// `a b c d` questions ("a is to b as c is to d"). Sections whose names start with `gram` are
/// syntactic, the others semantic (Mikolov et al. 2013).
public struct AnalogyQuestions: Sendable {
  public struct Question: Sendable, Equatable {
    public let a: String, b: String, c: String, expected: String
  }
  public struct Section: Sendable {
    public let name: String
    public var questions: [Question]
    public var isSyntactic: Bool { name.hasPrefix("gram") }
  }

  public let path: String
  public let sections: [Section]
  /// Lines that are neither a section nor four words; gensim skips them too.
  public let skippedLines: Int

  public var questionCount: Int { sections.reduce(0) { $0 + $1.questions.count } }

  /// Reads an analogy file.
  /// - Throws: `EvaluationError` when the file is missing or a question comes before any
  ///   section line.
  public init(path: String) throws {
    let text = try EvaluationText.read(path: path)
    var sections: [Section] = []
    var skipped = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      if line.hasPrefix(": ") {
        let name = line.drop(while: { $0 == ":" || $0 == " " })
        sections.append(Section(name: name.trimmingCharacters(in: .whitespaces), questions: []))
        continue
      }
      let words = line.split(whereSeparator: \.isWhitespace)
      if words.isEmpty { continue }
      guard !sections.isEmpty else {
        throw EvaluationError.questionBeforeSection(path: path, line: index + 1)
      }
      guard words.count == 4 else {
        skipped += 1
        continue
      }
      sections[sections.count - 1].questions.append(
        Question(
          a: String(words[0]), b: String(words[1]), c: String(words[2]), expected: String(words[3]))
      )
    }
    self.path = path
    self.sections = sections
    skippedLines = skipped
  }
}
