/// Pieces of several files read one after another as one stream: a worker's part of a
/// `CorpusFiles`, or the whole of it in order.
///
/// Each piece is opened only when the one before it is used up, so that a corpus of many files
/// holds one open reader (and one zstd context) at a time. A file's last line ends with the
/// file: where a piece that ends its file does not end with a newline, one is added, so that
/// the last word of a file and the first of the next never run together (gensim's
/// `PathLineSentences` reads each file's lines on their own too).
struct ConcatenatedSource: ByteSource {
  /// One piece: how to open its reader, and whether it ends its file.
  struct Piece: Sendable {
    let endsFile: Bool
    let open: @Sendable () throws(CorpusError) -> any ByteSource
  }

  private let pieces: [Piece]
  private var next = 0
  private var current: (any ByteSource)?
  private var currentEndsFile = false
  private var lastByte = TextBytes.newline

  init(pieces: [Piece]) { self.pieces = pieces }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
    guard !buffer.isEmpty else { return 0 }
    while true {
      guard var reader = current else {
        guard next < pieces.count else { return 0 }
        current = try pieces[next].open()
        currentEndsFile = pieces[next].endsFile
        next += 1
        continue
      }
      let count = try reader.read(into: buffer)
      current = reader
      if count > 0 {
        lastByte = buffer[count - 1]
        return count
      }
      current = nil
      if currentEndsFile && lastByte != TextBytes.newline {
        buffer[0] = TextBytes.newline
        lastByte = TextBytes.newline
        return 1
      }
    }
  }
}
