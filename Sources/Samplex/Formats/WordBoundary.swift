/// What ends a word in each vectors format, which a word written in that format must therefore
/// not hold: written as it is, it would split the word (or its row) when the file is read back.
/// A vectors file read from binary or TSV may hold such words (a tab, a line break), and
/// `samplex convert` wrote them into text it could not read back; now the writer refuses them
/// first, naming the formats that can hold the word.
package enum WordBoundary: Sendable, CaseIterable {
  /// word2vec text: a space, tab, carriage return or line break ends a word.
  case word2vecText
  /// word2vec binary: a space ends a word, and line breaks before a word are skipped.
  case word2vecBinary
  /// A projector pair's `metadata.tsv`: a line break ends a word, a carriage return before it
  /// is dropped, and a tab begins a second column.
  case projectorMetadata

  /// The format's name in messages, with its usual extension.
  var name: String {
    switch self {
    case .word2vecText: return "word2vec text (.txt)"
    case .word2vecBinary: return "word2vec binary (.bin)"
    case .projectorMetadata: return "projector TSV (.tsv)"
    }
  }

  /// What in `word` this format cannot hold, as the rest of a sentence ("holds a tab"), or nil
  /// when it can hold the word.
  package func problem(in word: String) -> String? {
    // Every byte in question is ASCII, which UTF-8 never uses inside another character.
    let bytes = word.utf8
    guard let first = bytes.first, let last = bytes.last else { return "is empty" }
    let space = UInt8(ascii: " ")
    let tab = UInt8(ascii: "\t")
    let lineFeed = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    switch self {
    case .word2vecText:
      if bytes.contains(space) { return "holds a space" }
      if bytes.contains(tab) { return "holds a tab" }
      if bytes.contains(lineFeed) || bytes.contains(carriageReturn) { return "holds a line break" }
    case .word2vecBinary:
      if bytes.contains(space) { return "holds a space" }
      if first == lineFeed || first == carriageReturn { return "begins with a line break" }
    case .projectorMetadata:
      if bytes.contains(tab) { return "holds a tab" }
      if bytes.contains(lineFeed) || last == carriageReturn { return "holds a line break" }
    }
    return nil
  }

  /// Refuses the first of `words` this format cannot hold, before `path` is written.
  /// - Throws: `VectorFileError.wordNotWritable`, naming the formats that can hold it.
  package func check(_ words: [String], path: String) throws(VectorFileError) {
    for (index, word) in words.enumerated() {
      guard let problem = problem(in: word) else { continue }
      throw .wordNotWritable(
        path: path, row: index + 1, word: word, problem: problem, format: name,
        alternatives: Self.allCases.filter { $0.problem(in: word) == nil }.map(\.name))
    }
  }
}
