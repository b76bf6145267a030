import Foundation

/// The vector files of a run folder: the input vectors in the formats chosen
/// (`VectorFileFormats`), the output vectors when asked, and none of these files that an
/// earlier write of the run left and this one does not write (a resume told other formats), so
/// that every vectors file in the folder holds the run's final vectors.
package enum RunVectorFiles {
  /// Writes `words` with their rows of `input` into `folder` in `formats`, and with their rows of
  /// `output` as `vectors-output.bin` when it is given; each file atomically. Returns the files
  /// written.
  /// - Throws: a writing error, or `CorpusError.unwritable` naming a file that cannot be removed.
  @discardableResult
  package static func write(
    words: [String], input: EmbeddingTable, output: EmbeddingTable?, formats: VectorFileFormats,
    to folder: String
  ) throws -> [RunFile] {
    var written: [RunFile] = []
    for (file, format) in formats.files {
      try Word2VecWriter.write(
        words: words, vectors: input, to: file.path(in: folder), format: format)
      written.append(file)
    }
    if let output {
      try Word2VecWriter.write(
        words: words, vectors: output, to: RunFile.outputVectors.path(in: folder),
        format: .binary)
      written.append(.outputVectors)
    }
    for file in [RunFile.vectorsBinary, .vectorsText, .outputVectors] where !written.contains(file)
    {
      let path = file.path(in: folder)
      guard unlink(path) == 0 || errno == ENOENT else {
        throw CorpusError.unwritable(path: path, reason: String(cString: strerror(errno)))
      }
    }
    return written
  }
}
