import Foundation
import Samplex

/// The words of a query looked up in a vectors file, as written or, failing that, ignoring case
/// (as `requireID` does); each word the file lacks is left out, named in a warning on standard
/// error, so that one misspelt word does not cost the answers for the others.
struct WordLookup {
  /// The words looked up, in the order given.
  let words: [String]
  /// Each word's row, nil for a word the file lacks.
  let ids: [Int?]
  /// The words the file lacks, each once, in the order given.
  let skipped: [String]
  private let path: String
  private let vocabularySize: Int

  /// Looks up `words` in `vectors`, read from `path`.
  init(_ words: [String], in vectors: WordVectors, path: String) {
    // Built only when a word is not found as written: it upper-cases every word of the file.
    var folded: CaseFoldedIndex?
    ids = words.map { word in
      if let id = vectors.id(of: word) { return id }
      if folded == nil { folded = CaseFoldedIndex(words: vectors.words) }
      return folded?.id(of: word)
    }
    var seen = Set<String>()
    skipped = zip(words, ids).compactMap { word, id in
      id == nil && seen.insert(word).inserted ? word : nil
    }
    self.words = words
    self.path = path
    vocabularySize = vectors.count
  }

  /// The words found, with their rows, in the order given.
  var found: [(word: String, id: Int)] {
    zip(words, ids).compactMap { word, id in id.map { (word, $0) } }
  }

  /// Warns on standard error about each word left out when `answerable` (something is left to
  /// answer), and otherwise throws one error naming them all instead.
  func reportSkipped(answerable: Bool) throws {
    guard answerable else {
      throw NothingToAnswerError(skipped: skipped, path: path, vocabularySize: vocabularySize)
    }
    for word in skipped {
      let unknown = UnknownWordError(word: word, path: path, vocabularySize: vocabularySize)
      TerminalOutput.error(unknown.warning)
    }
  }
}
