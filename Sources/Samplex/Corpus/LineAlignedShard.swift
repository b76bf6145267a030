/// The lines of a stream whose first byte lies inside one shard's range: how the frames of a
/// multi-frame `.zst`, which may end inside a line, are shared out.
///
/// A shard that starts in the middle of a line skips to the next line start (the previous shard
/// owns that line), and once its range is used up it keeps reading the rest of the stream, through
/// `overflow`, until the line it is in ends. Shards laid side by side therefore yield every line
/// of the whole stream exactly once, as word2vec.c and fastText do when they seek to
/// `size / threads`.
package struct LineAlignedShard: ByteSource {
  private var range: any ByteSource
  private var overflow: (any ByteSource)?
  private var skippingPartialLine: Bool
  private var readingOverflow = false
  private var finished = false
  private var lastByte = TextBytes.newline

  /// - Parameters:
  ///   - range: the shard's own bytes.
  ///   - overflow: the bytes after the range, to finish a line cut by the range's end; `nil` for
  ///     the last shard.
  ///   - startsMidLine: whether the byte before the range is not a newline.
  package init(range: any ByteSource, overflow: (any ByteSource)?, startsMidLine: Bool) {
    self.range = range
    self.overflow = overflow
    self.skippingPartialLine = startsMidLine
  }

  package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int
  {
    while !finished {
      if readingOverflow {
        guard var overflow else {
          finished = true
          return 0
        }
        let count = try overflow.read(into: buffer)
        self.overflow = overflow
        if count == 0 {
          finished = true
          return 0
        }
        if let end = UnsafeRawBufferPointer(rebasing: buffer[..<count]).firstIndex(
          of: TextBytes.newline)
        {
          finished = true
          return end + 1
        }
        return count
      }
      var count = try range.read(into: buffer)
      if count == 0 {
        // A shard whose range never reached a line start owns no line at all.
        if skippingPartialLine || lastByte == TextBytes.newline || overflow == nil {
          finished = true
          return 0
        }
        readingOverflow = true
        continue
      }
      if skippingPartialLine {
        guard
          let end = UnsafeRawBufferPointer(rebasing: buffer[..<count]).firstIndex(
            of: TextBytes.newline)
        else { continue }
        skippingPartialLine = false
        let kept = count - (end + 1)
        if kept > 0, let base = buffer.baseAddress {
          base.copyMemory(from: base + end + 1, byteCount: kept)
        }
        count = kept
        lastByte = TextBytes.newline
        if count == 0 { continue }
      }
      lastByte = buffer[count - 1]
      return count
    }
    return 0
  }
}
