import Foundation

/// Writes vectors in word2vec's formats, which gensim's `KeyedVectors.load_word2vec_format`
/// reads: a header line `count dimensions`, then one line per word, the word and its values as
/// text (`.txt`) or as little-endian float32s (`.bin`, `binary=True`).
public enum Word2VecWriter {
  public enum Format: Sendable { case text, binary }

  /// Writes `words[i]` with row i of `vectors` to `path`, atomically.
  public static func write(
    words: [String], vectors: EmbeddingTable, to path: String, format: Format
  ) throws {
    precondition(words.count <= vectors.rows, "a row is needed for each word")
    let d = vectors.dimensions
    try AtomicFile.write(to: path) { file in
      try file.write("\(words.count) \(d)\n")
      for (id, word) in words.enumerated() {
        let row = UnsafeBufferPointer(start: vectors.row(Int32(id)), count: d)
        switch format {
        case .text:
          try file.write(word + " " + row.map { String($0) }.joined(separator: " ") + "\n")
        case .binary:
          try file.write(word + " ")
          let littleEndian = row.map { $0.bitPattern.littleEndian }
          try littleEndian.withUnsafeBytes { try file.write(bytes: $0) }
          try file.write("\n")
        }
      }
    }
  }
}
