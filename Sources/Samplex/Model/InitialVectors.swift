/// Vectors that a run's input table starts from instead of word2vec's random rows (fastText's
/// `-pretrainedVectors`): each vocabulary word found in the file, matched as written, takes the
/// file's row; every other word keeps its random one. The output table starts at zero as
/// always, so the vectors carry what an earlier run learned into the words' inputs only.
public struct InitialVectors: Sendable {
  /// The file they were read from, for messages.
  public let path: String
  public let vectors: WordVectors

  /// Reads the word2vec file at `path` (binary when it ends in `.bin`, else text) for a model of
  /// `dimensions` dimensions.
  /// - Throws: `VectorFileError` for a file that cannot be read, or
  ///   `TrainingError.initialVectorsDimensions` when its vectors have other dimensions.
  public init(path: String, dimensions: Int) throws {
    let vectors = try Word2VecReader.read(path: path)
    guard vectors.dimensions == dimensions else {
      throw TrainingError.initialVectorsDimensions(
        path: path, file: vectors.dimensions, model: dimensions)
    }
    self.path = path
    self.vectors = vectors
  }

  /// How many of `vocabulary`'s words the file holds a row for.
  public func matchCount(in vocabulary: Vocabulary) -> Int {
    vocabulary.words.reduce(0) { $0 + (vectors.id(of: $1) == nil ? 0 : 1) }
  }

  /// Copies the file's row of each of `vocabulary`'s words it holds into `table`'s row of that
  /// word (the rows are ids of `vocabulary`); returns how many it copied.
  @discardableResult
  public func copy(into table: EmbeddingTable, vocabulary: Vocabulary) -> Int {
    precondition(
      table.rows >= vocabulary.count && table.dimensions == vectors.dimensions,
      "a row of the vectors' dimensions is needed for each word")
    var copied = 0
    for (id, word) in vocabulary.words.enumerated() {
      guard let row = vectors.id(of: word) else { continue }
      let target = table.row(Int32(id))
      for (k, value) in vectors.row(row).enumerated() { target[k] = value }
      copied += 1
    }
    return copied
  }
}
