import Foundation
import SystemPackage

/// A word-similarity file (WordSim-353, SimLex-999, MEN, …): `word word score` lines, separated
/// by tabs (or, in a line without tabs, by spaces), `#` lines ignored, as gensim reads them.
public struct SimilarityPairs: Sendable {
  public struct Pair: Sendable, Equatable {
    public let first: String, second: String, score: Double
  }

  public let path: String
  public let pairs: [Pair]
  /// Lines that are not a comment and not `word word score`; gensim skips them too.
  public let skippedLines: Int

  /// The name of the set, from its file name (`wordsim353.tsv` → `wordsim353`).
  public var name: String {
    // FilePath, not NSString: Foundation's path getters trap on a one-letter name ("Q").
    FilePath(path).stem ?? path
  }

  /// Reads a similarity file.
  /// - Throws: `EvaluationError.notFound` when the file is missing, `.tooLarge` past
  ///   `EvaluationText.maxBytes`.
  public init(path: String) throws {
    let text = try EvaluationText.read(path: path)
    var pairs: [Pair] = []
    var skipped = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields =
        line.contains("\t")
        ? line.split(separator: "\t", omittingEmptySubsequences: false)
        : line.split(whereSeparator: \.isWhitespace)
      guard fields.count == 3,
        let score = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
      else {
        if !line.allSatisfy(\.isWhitespace) { skipped += 1 }
        continue
      }
      pairs.append(
        Pair(
          first: fields[0].trimmingCharacters(in: .whitespaces),
          second: fields[1].trimmingCharacters(in: .whitespaces), score: score))
    }
    self.path = path
    self.pairs = pairs
    skippedLines = skipped
  }
}
