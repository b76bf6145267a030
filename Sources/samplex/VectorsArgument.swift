import ArgumentParser
import Foundation
import Samplex

/// The vector file formats the commands read and write.
enum VectorFormat: String, ExpressibleByArgument, CaseIterable {
  case text, binary, tsv

  /// The format a path implies: a folder or a `.tsv` file is a projector pair (`ProjectorPaths`
  /// says which files), `.bin` is word2vec binary, anything else word2vec text.
  static func inferred(from path: String) -> VectorFormat {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return .tsv
    }
    if path.hasSuffix(".tsv") { return .tsv }
    return path.hasSuffix(".bin") ? .binary : .text
  }

  /// Reads vectors at `path` in this format (for `.tsv`, the pair `ProjectorPaths` finds there).
  func read(_ path: String) throws -> WordVectors {
    switch self {
    case .text: return try Word2VecReader.read(path: path, format: .text)
    case .binary: return try Word2VecReader.read(path: path, format: .binary)
    case .tsv:
      return try ProjectorTSV.read(ProjectorPaths(path))
    }
  }
}

/// A word that is not in a vectors file.
struct UnknownWordError: Error, CustomStringConvertible {
  let word: String
  let path: String
  let vocabularySize: Int

  var description: String { finding + "; check the spelling." }

  /// The warning for a word a query leaves out, answering for the others.
  var warning: String { "warning: " + finding + "; it is left out." }

  /// What is missing, and where.
  private var finding: String {
    "'\(word)' is not in the vocabulary of \(path) (\(vocabularySize) words, matched as written, "
      + "then ignoring case)"
  }
}

/// A vectors file given on the command line, with its format.
struct VectorsArgument: ParsableArguments {
  @Argument(
    help:
      "Word vectors: word2vec text or binary (.bin), or projector TSV (X.tsv with X-metadata.tsv, or a folder with tensors.tsv and metadata.tsv)."
  )
  var vectors: String

  @Option(
    help: "text, binary or tsv (default: from the name, .bin binary, a folder tsv, else text).")
  var format: VectorFormat?

  func load() throws -> WordVectors {
    try (format ?? .inferred(from: vectors)).read(vectors)
  }
}

extension WordVectors {
  /// The row of `word` as written or, failing that, ignoring case.
  func requireID(of word: String, path: String) throws -> Int {
    if let id = id(of: word) { return id }
    if let id = CaseFoldedIndex(words: words).id(of: word) { return id }
    throw UnknownWordError(word: word, path: path, vocabularySize: count)
  }
}

/// A cosine similarity with three decimals.
func format(_ similarity: Float) -> String {
  String(format: "%.3f", Double(similarity))
}
