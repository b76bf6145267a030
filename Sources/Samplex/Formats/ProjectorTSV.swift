import Foundation

/// The pair of files TensorBoard's Embedding Projector loads: `tensors.tsv` (one vector a line,
/// values separated by tabs, no header) and `metadata.tsv` (one word a line; a single column
/// has no header row).
public enum ProjectorTSV {
  public static let tensorsName = "tensors.tsv"
  public static let metadataName = "metadata.tsv"

  /// Writes `tensors.tsv` and `metadata.tsv` into `directory` (created when missing), each
  /// atomically.
  public static func write(_ vectors: WordVectors, to directory: String) throws {
    try write(vectors, to: ProjectorPaths(folder: directory))
  }

  /// Writes the pair's two files, each atomically, creating its folder when it has one.
  /// - Throws: `VectorFileError.wordNotWritable` for a word `metadata.tsv` cannot hold (a tab or
  ///   a line break), before either file is written.
  public static func write(_ vectors: WordVectors, to paths: ProjectorPaths) throws {
    try WordBoundary.projectorMetadata.check(vectors.words, path: paths.metadata)
    if let directory = paths.folder { try OutputFolder.create(directory) }
    try AtomicFile.write(to: paths.tensors) { file in
      try vectors.values.withUnsafeBufferPointer { values in
        try DecimalRows.write(
          rows: vectors.count, dimensions: vectors.dimensions, values: values, separator: "\t",
          lead: { _ in nil }, into: &file)
      }
    }
    try AtomicFile.write(to: paths.metadata) { file in
      for word in vectors.words { try file.write(word + "\n") }
    }
  }

  /// Reads the pair from `directory`.
  public static func read(from directory: String) throws -> WordVectors {
    try read(ProjectorPaths(folder: directory))
  }

  /// The most read of a file of the pair that is a device or a pipe, whose size is not known
  /// before it is read: 1 GiB, a million words of a hundred values written by `write`.
  public static let maxStreamBytes = 1 << 30

  /// Reads the pair's two files.
  /// - Throws: `VectorFileError` for a missing file, one larger than the memory available (or a
  ///   device or pipe going on past `maxStreamBytes`), a value that is not a number, rows of
  ///   different lengths, a word count that differs from the row count, or a NaN or infinite
  ///   value (`.nonFinite`, naming its row and word).
  public static func read(_ paths: ProjectorPaths) throws -> WordVectors {
    try read(paths, streamLimit: maxStreamBytes)
  }

  /// Reads the pair, a device or pipe up to `streamLimit` bytes.
  static func read(_ paths: ProjectorPaths, streamLimit: Int) throws -> WordVectors {
    let tensorsPath = paths.tensors
    let metadataPath = paths.metadata
    let tensors = String(decoding: try contents(of: tensorsPath, streamLimit), as: UTF8.self)
    let metadata = String(decoding: try contents(of: metadataPath, streamLimit), as: UTF8.self)
    var values: [Float] = []
    var dimensions = 0
    var rows = 0
    for (index, line) in tensors.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated() where !line.isEmpty
    {
      let fields = line.split(separator: "\t")
      if rows == 0 { dimensions = fields.count }
      guard fields.count == dimensions else {
        throw VectorFileError.malformedRow(
          path: tensorsPath, line: index + 1,
          reason: "\(fields.count) values where the first row has \(dimensions)")
      }
      for field in fields {
        guard let value = Float(field.trimmingCharacters(in: .whitespaces)) else {
          throw VectorFileError.malformedRow(
            path: tensorsPath, line: index + 1, reason: "'\(field.prefix(40))' is not a number")
        }
        values.append(value)
      }
      rows += 1
    }
    let words = metadata.split(separator: "\n").map {
      String($0.hasSuffix("\r") ? $0.dropLast() : $0)
    }
    guard rows > 0 else { throw VectorFileError.empty(path: tensorsPath) }
    guard words.count == rows else {
      throw VectorFileError.malformedRow(
        path: metadataPath, line: min(words.count, rows) + 1,
        reason: "\(words.count) words for \(rows) vectors in \(tensorsPath)")
    }
    // Checked once the words are known, to name the row's word as a word2vec file's check does.
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw VectorFileError.nonFinite(
        path: tensorsPath, row: bad / dimensions + 1, word: words[bad / dimensions])
    }
    return WordVectors(words: words, dimensions: dimensions, values: values)
  }

  /// The bytes of one file of the pair, read only when they fit: a regular file no larger than
  /// the memory available, a device or pipe no further than `streamLimit` (or that memory).
  /// The pair has no header to promise a size, and before, a `tensors.tsv` linked to
  /// `/dev/zero` grew memory until the process was killed.
  private static func contents(of path: String, _ streamLimit: Int) throws -> [UInt8] {
    let file = try VectorFileError.open(path, wanted: "a projector TSV file")
    let available = AvailableMemory.bytes() ?? .max
    do {
      if file.isRegularFile {
        let size = try file.size()
        guard size <= available, let bytes = try file.contents(limit: size) else {
          throw VectorFileError.tooLarge(path: path, size: size, available: available)
        }
        return bytes
      }
      let limit = min(streamLimit, available)
      guard let bytes = try file.contents(limit: limit) else {
        throw VectorFileError.streamTooLong(path: path, limit: limit)
      }
      return bytes
    } catch let error as VectorFileError {
      throw error
    } catch {
      throw VectorFileError.notFound(path: path)
    }
  }
}
