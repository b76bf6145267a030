/// A stream of bytes read in caller-sized chunks: a plain file or a byte range of one, standard
/// input, or the decompressed content of zstd frames.
///
/// Readers are called once per chunk (about a megabyte), so the tokenizer's per-byte loop never
/// goes through this protocol; an existential `any ByteSource` costs nothing measurable here.
public protocol ByteSource {
  /// Fills the front of `buffer` with the next bytes and returns how many; 0 only at the end.
  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int
}

extension ByteSource {
  /// Reads until `buffer` is full or the stream ends; returns the bytes read.
  public mutating func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError)
    -> Int
  {
    var filled = 0
    while filled < buffer.count {
      let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
      if count == 0 { break }
      filled += count
    }
    return filled
  }

  /// Reads up to `count` bytes (fewer only at the end of the stream) into a new array.
  public mutating func readBytes(count: Int) throws(CorpusError) -> [UInt8] {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
    defer { buffer.deallocate() }
    let filled = try readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
    return Array(buffer[..<filled])
  }
}
