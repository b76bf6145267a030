/// A query whose every word (or, for `similarity`, every pair) a vectors file lacks.
struct NothingToAnswerError: Error, CustomStringConvertible {
  let skipped: [String]
  let path: String
  let vocabularySize: Int

  var description: String {
    let words = skipped.map { "'\($0)'" }.joined(separator: ", ")
    return "nothing is left to answer: \(words) \(skipped.count == 1 ? "is" : "are") not in the "
      + "vocabulary of \(path) (\(vocabularySize) words, matched as written, then ignoring case); "
      + "check the spelling."
  }
}
