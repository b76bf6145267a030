/// Writes vectors in word2vec's formats, which gensim's `KeyedVectors.load_word2vec_format`
/// reads: a header line `count dimensions`, then one line per word, the word and its values as
/// text (`.txt`) or as little-endian float32s (`.bin`, `binary=True`).
public enum Word2VecWriter {
  public enum Format: String, Sendable, CaseIterable { case text, binary }

  /// Writes `words[i]` with row i of `vectors` to `path`, atomically.
  /// - Throws: `VectorFileError.wordNotWritable` for a word the format cannot hold
  ///   (`WordBoundary`), before anything is written.
  public static func write(
    words: [String], vectors: EmbeddingTable, to path: String, format: Format
  ) throws {
    precondition(words.count <= vectors.rows, "a row is needed for each word")
    try vectors.withValues { values in
      try write(
        words: words, values: UnsafeBufferPointer(values), dimensions: vectors.dimensions,
        to: path, format: format)
    }
  }

  /// Writes vectors read from a file (or built in memory) to `path`, atomically.
  public static func write(_ vectors: WordVectors, to path: String, format: Format) throws {
    try vectors.values.withUnsafeBufferPointer { values in
      try write(
        words: vectors.words, values: values, dimensions: vectors.dimensions, to: path,
        format: format)
    }
  }

  private static func write(
    words: [String], values: UnsafeBufferPointer<Float>, dimensions d: Int, to path: String,
    format: Format
  ) throws {
    try (format == .text ? WordBoundary.word2vecText : .word2vecBinary).check(words, path: path)
    try AtomicFile.write(to: path) { file in
      try file.write("\(words.count) \(d)\n")
      switch format {
      case .text:
        try DecimalRows.write(
          rows: words.count, dimensions: d, values: values, separator: " ",
          lead: { words[$0] }, into: &file)
      case .binary:
        // No allocation a row (a concatenated word, a mapped row): at V = 9,985,321, d = 64 the
        // 2.65 GB file took 2.74–3.07 s with them and 2.09–2.21 s without, as fast as `dd`
        // copies it (BENCHMARKS.md). The floats go as they lie in memory on a little-endian host.
        for (id, word) in words.enumerated() {
          let row = UnsafeBufferPointer(rebasing: values[(id * d)..<((id + 1) * d)])
          try file.write(word)
          try file.write(" ")
          #if _endian(little)
            try file.write(bytes: UnsafeRawBufferPointer(row))
          #else
            let littleEndian = row.map { $0.bitPattern.littleEndian }
            try littleEndian.withUnsafeBytes { try file.write(bytes: $0) }
          #endif
          try file.write("\n")
        }
      }
    }
  }
}
