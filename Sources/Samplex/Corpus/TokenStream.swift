/// Drives a `Tokenizer` over a whole `ByteSource`, chunk by chunk, into a sink.
package enum TokenStream {
  /// The chunk size: large enough that a read costs little per byte, small enough to stay in
  /// cache-friendly constant memory.
  package static let defaultChunkSize = 1 << 18

  /// Reads `reader` to its end (or until `sink.wantsMore` turns false) and tokenizes
  /// everything into `sink`; returns the tokenizer's statistics.
  @discardableResult
  package static func tokenize<Sink: TokenSink>(
    _ reader: inout any ByteSource, options: TokenizerOptions, into sink: inout Sink,
    chunkSize: Int = defaultChunkSize
  ) throws(CorpusError) -> TokenizerStatistics {
    var tokenizer = Tokenizer(options: options)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
    defer { buffer.deallocate() }
    while sink.wantsMore {
      let count = try reader.read(into: buffer)
      if count == 0 { break }
      tokenizer.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count]), into: &sink)
    }
    tokenizer.finish(into: &sink)
    return tokenizer.statistics
  }
}
