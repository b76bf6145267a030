/// Compresses a stream into a zstd file of independent frames that end at line ends, so that
/// `TextSource.readInParallel` can hand each worker its own frames.
package struct FrameCompressor {
  package let frameBytes: Int
  package let level: Int

  package init(frameBytes: Int = 4 << 20, level: Int = 3) throws {
    precondition(frameBytes > 0, "a frame must hold at least one byte")
    self.frameBytes = frameBytes
    self.level = level
  }

  /// What was written.
  package struct Result: Sendable {
    package var frames = 0
    package var inputBytes = 0
    package var outputBytes = 0
  }

  /// Reads `reader` to its end and writes the frames to `path`, atomically.
  package func compress(_ reader: inout any ByteSource, to path: String) throws -> Result {
    let encoder: ZstdEncoder
    do {
      encoder = try ZstdEncoder(level: level)
    } catch {
      throw CorpusError.unwritable(path: path, reason: error.description)
    }
    var result = Result()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: frameBytes, alignment: 64)
    defer { buffer.deallocate() }
    try AtomicFile.write(to: path) { file in
      var filled = 0
      while true {
        let count = try reader.readFully(
          into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
        filled += count
        result.inputBytes += count
        if filled == 0 { break }
        let atEnd = count == 0 || filled < frameBytes
        // A frame ends after the last newline it holds, unless a line is longer than a frame.
        let cut =
          atEnd
          ? filled
          : (UnsafeRawBufferPointer(rebasing: buffer[..<filled]).lastIndex(of: TextBytes.newline)
            .map { $0 + 1 }
            ?? filled)
        try encoder.compressFrame(UnsafeRawBufferPointer(rebasing: buffer[..<cut])) { bytes in
          try file.write(bytes: bytes)
          result.outputBytes += bytes.count
        }
        result.frames += 1
        let rest = filled - cut
        if rest > 0, let base = buffer.baseAddress {
          base.copyMemory(from: base + cut, byteCount: rest)
        }
        filled = rest
        if atEnd && rest == 0 { break }
      }
    }
    return result
  }
}
