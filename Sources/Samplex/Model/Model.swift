/// A word2vec-style model: input vectors U (V, d), output vectors W (V, d) and output biases b
/// (V), initialized as word2vec does: U uniform in ±0.5/d, W zero, and b `outputBias` (zero
/// unless a loss asks for another start; see `Loss.initialOutputBias`).
public struct Model: Sendable {
  public let input: EmbeddingTable
  public let output: EmbeddingTable
  public let bias: EmbeddingTable
  public var vocabularySize: Int { input.rows }
  public var dimensions: Int { input.dimensions }

  public init(vocabularySize: Int, dimensions: Int, seed: UInt64, outputBias: Float = 0) {
    input = EmbeddingTable(rows: vocabularySize, dimensions: dimensions)
    input.fillUniform(scale: 0.5 / Float(dimensions), seed: seed)
    output = EmbeddingTable(rows: vocabularySize, dimensions: dimensions)
    bias = EmbeddingTable(rows: vocabularySize, dimensions: 1)
    if outputBias != 0 {
      for row in 0..<vocabularySize { bias.storage[row] = outputBias }
    }
  }

  /// Bytes the model's tables take: what is checked against available memory before allocating.
  public static func memoryBytes(vocabularySize: Int, dimensions: Int) -> Int {
    (2 * vocabularySize * dimensions + vocabularySize) * MemoryLayout<Float>.stride
  }
}
