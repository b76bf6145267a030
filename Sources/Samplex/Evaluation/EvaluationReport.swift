import Foundation

/// The evaluations a settings block asks for, run on one set of vectors: analogy accuracy
/// (3CosAdd and 3CosMul) and each similarity file's correlations.
public struct EvaluationReport: Sendable {
  public let analogies: [AnalogyMethod: AnalogyScore]
  public let restrictVocabulary: Int
  public let similarity: [SimilarityScore]

  /// Runs every evaluation `settings` configures.
  /// - Throws: `EvaluationError` for a missing or unusable file.
  public init(_ settings: EvaluationSettings, vectors: WordVectors) throws {
    try self.init(EvaluationFiles(settings), vectors: vectors)
  }

  /// Runs the evaluations of files already read.
  /// - Throws: `EvaluationError.nothingInVocabulary` for similarity pairs none of which the
  ///   vectors hold.
  public init(_ files: EvaluationFiles, vectors: WordVectors) throws {
    restrictVocabulary = files.restrictVocabulary
    analogies =
      files.analogies.map {
        AnalogyEvaluation.evaluate($0, vectors: vectors, restrict: files.restrictVocabulary)
      } ?? [:]
    similarity = try files.similarity.map { try SimilarityScore($0, vectors: vectors) }
  }

  /// One line per analogy method and per similarity file, for people.
  public func lines() -> [String] {
    var lines: [String] = []
    for method in AnalogyMethod.allCases {
      guard let score = analogies[method] else { continue }
      lines.append(
        String(
          format:
            "analogy %@ (restrict %d): %.2f%% of %d questions (semantic %.2f%%, syntactic %.2f%%); "
            + "%.2f%% of all %d; %.1f%% out of vocabulary",
          method.rawValue, restrictVocabulary, 100 * score.accuracy, score.considered,
          100 * score.semantic, 100 * score.syntactic, 100 * score.accuracyOverAll,
          score.questions, 100 * score.outOfVocabularyShare))
    }
    for score in similarity {
      lines.append(
        String(
          format: "similarity %@: Spearman %@, Pearson %@ over %d pairs; %.1f%% out of vocabulary",
          score.name, Self.format(score.spearman), Self.format(score.pearson), score.pairsScored,
          100 * score.outOfVocabularyShare))
    }
    return lines
  }

  /// The figures as one JSON object, keyed as ../shared/bench/eval_embeddings.py keys them
  /// (`analogy_acc`, `ws353`, `ws353_pearson`, `ws353_oov`, …), plus the 3CosMul figures.
  public func json() -> [String: Any] {
    var object: [String: Any] = ["restrict_vocab": restrictVocabulary]
    for (method, prefix) in [(AnalogyMethod.add, "analogy"), (.multiply, "analogy_cosmul")] {
      guard let score = analogies[method] else { continue }
      object[prefix + "_acc"] = score.accuracy
      object[prefix + "_acc_all"] = score.accuracyOverAll
      object[prefix + "_sem"] = score.semantic
      object[prefix + "_syn"] = score.syntactic
      object[prefix + "_oov"] = score.outOfVocabularyShare
      object[prefix + "_n"] = score.considered
    }
    for score in similarity {
      object[score.name] = score.spearman ?? NSNull()
      object[score.name + "_pearson"] = score.pearson ?? NSNull()
      object[score.name + "_oov"] = score.outOfVocabularyShare
    }
    return object
  }

  /// Writes `json()` to `path`, atomically.
  public func write(to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: json(), options: [.sortedKeys])
    try AtomicFile.write(to: path) { file in
      try data.withUnsafeBytes { try file.write(bytes: $0) }
      try file.write("\n")
    }
  }

  private static func format(_ value: Double?) -> String {
    value.map { String(format: "%.4f", $0) } ?? "undefined"
  }
}
