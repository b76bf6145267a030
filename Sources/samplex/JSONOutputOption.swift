import ArgumentParser
import Foundation

/// `--json` of the query commands: their answers as one JSON document on standard output.
struct JSONOutputOption: ParsableArguments {
  @Flag(
    help:
      "Print one JSON document instead of text: the query words, the answers with their cosine similarities, and the words skipped (keys sorted)."
  )
  var json = false

  /// Prints `object` as one line of JSON, its keys sorted so that the same answers print the
  /// same bytes.
  func print(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    Swift.print(String(decoding: data, as: UTF8.self))
  }
}

/// Ranked words as JSON objects, each similarity the shortest decimal that reads back as the
/// same `Float` (a `Double` conversion would print float noise such as 0.8460000157356262).
func jsonRanking(_ list: [(word: String, similarity: Float)]) -> [[String: Any]] {
  list.map { ["word": $0.word, "similarity": jsonNumber($0.similarity)] }
}

/// `similarity` as the shortest decimal that reads back as the same `Float`.
func jsonNumber(_ similarity: Float) -> Double {
  Double("\(similarity)") ?? Double(similarity)
}
