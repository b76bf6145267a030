/// The files an evaluation reads, read before there are vectors to score: `samplex train`
/// reads them before it trains, so that a file it cannot use stops the run before any work
/// rather than after it.
public struct EvaluationFiles: Sendable {
  public let analogies: AnalogyQuestions?
  /// One set of pairs per similarity file, in the settings' order.
  public let similarity: [SimilarityPairs]
  public let restrictVocabulary: Int

  /// Reads every file `settings` names.
  /// - Throws: `EvaluationError` for a missing or unusable file.
  public init(_ settings: EvaluationSettings) throws {
    analogies = try settings.analogies.map { try AnalogyQuestions(path: $0) }
    similarity = try settings.similarity.map { try SimilarityPairs(path: $0) }
    restrictVocabulary = settings.restrictVocabulary
  }
}
