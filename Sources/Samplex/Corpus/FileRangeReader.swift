/// Reads the bytes `[start, end)` of a file with positioned reads, or, for standard input and
/// pipes, the stream from where it stands to its end.
package struct FileRangeReader: ByteSource {
  package let file: OpenFile
  private var position: Int
  private let end: Int?
  private let positioned: Bool

  /// A reader over `[start, end)`; `end == nil` reads to the end of the file.
  package init(file: OpenFile, start: Int = 0, end: Int? = nil) {
    self.file = file
    self.position = start
    self.end = end
    self.positioned = file.isRegularFile
  }

  /// The offset of the next byte this reader will return.
  package var offset: Int { position }

  package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int
  {
    var target = buffer
    if let end {
      let remaining = end - position
      if remaining <= 0 { return 0 }
      if remaining < target.count {
        target = UnsafeMutableRawBufferPointer(rebasing: target[..<remaining])
      }
    }
    let count = positioned ? try file.read(at: position, into: target) : try file.read(into: target)
    position += count
    return count
  }
}
