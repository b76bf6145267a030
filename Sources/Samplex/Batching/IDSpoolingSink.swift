/// A `SentenceIDSink` that also writes every vocabulary id it is given, and each end of a
/// sentence that had one, to its worker's spool file: what the sink sees before subsampling, so
/// that replaying the file gives the same sentences, held-out choices and draws as the text.
///
/// Encoding: each id as `id + 1` in LEB128 (seven bits a byte, low bits first; ids are
/// frequency-sorted, so half of a corpus's tokens take one byte), and 0 for a sentence's end.
/// Sentences without a vocabulary word are left out: the sink ignores their ends anyway.
struct IDSpoolingSink<Consumer: SentenceConsumer>: TokenSink {
  var sink: SentenceIDSink<Consumer>
  private let file: IDSpoolFile
  private let buffer: UnsafeMutableRawBufferPointer
  private var filled = 0
  private var offset = 0
  private var sentenceHasIDs = false
  /// Set once a write failed: the rest is not written and the spool is not used.
  private var failed = false

  static var bufferSize: Int { 1 << 18 }

  init(sink: SentenceIDSink<Consumer>, file: IDSpoolFile) {
    self.sink = sink
    self.file = file
    buffer = .allocate(byteCount: Self.bufferSize, alignment: 64)
    file.truncate()
  }

  var wantsMore: Bool { sink.wantsMore }

  @inline(__always)
  mutating func consume(token: UnsafeRawBufferPointer) {
    let id = sink.vocabulary.id(of: token)
    if id < 0 { return }
    append(UInt32(bitPattern: id) &+ 1)
    sentenceHasIDs = true
    sink.consume(id: id)
  }

  mutating func endSentence() {
    if sentenceHasIDs { append(0) }
    sentenceHasIDs = false
    sink.endSentence()
  }

  @inline(__always)
  private mutating func append(_ value: UInt32) {
    // An id takes at most five bytes.
    if filled > Self.bufferSize - 5 { flush() }
    var value = value
    let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    while value >= 0x80 {
      bytes[filled] = UInt8(truncatingIfNeeded: value) | 0x80
      filled &+= 1
      value >>= 7
    }
    bytes[filled] = UInt8(truncatingIfNeeded: value)
    filled &+= 1
  }

  private mutating func flush() {
    if !failed {
      failed = !file.write(UnsafeRawBufferPointer(rebasing: buffer[..<filled]), at: offset)
      offset += filled
    }
    filled = 0
  }

  /// Writes what is left and frees the buffer; returns whether the file now holds the whole
  /// shard (every write succeeded and the sink wanted all of it). A file that does not is
  /// emptied.
  mutating func finish() -> Bool {
    flush()
    buffer.deallocate()
    let whole = !failed && sink.wantsMore
    if !whole { file.truncate() }
    return whole
  }
}
