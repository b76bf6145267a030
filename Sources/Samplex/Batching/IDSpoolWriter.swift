/// Writes values to one worker's spool file in the spool's encoding, through a fixed buffer:
/// each value `v` (an id or a token's index, plus one) in LEB128 (seven bits a byte, low bits
/// first), and 0 for a sentence's end.
struct IDSpoolWriter {
  private let spool: IDSpool
  private let worker: Int
  private let file: UnlinkedFile
  private let buffer: UnsafeMutableRawBufferPointer
  private var filled = 0
  private var offset = 0
  /// Set once a write failed or the file was dropped: the rest is not written and the spool
  /// is not used.
  private var failed = false

  static var bufferSize: Int { 1 << 18 }

  /// A writer at the start of worker `worker`'s file of `spool`, which is emptied.
  init(spool: IDSpool, worker: Int) {
    self.spool = spool
    self.worker = worker
    file = spool.startWriting(worker: worker)
    buffer = .allocate(byteCount: Self.bufferSize, alignment: 64)
    file.truncate()
  }

  /// Appends `value` (0 marks a sentence's end).
  @inline(__always)
  mutating func append(_ value: UInt32) {
    // A value takes at most five bytes.
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

  /// Empties the file and writes nothing more: what it holds cannot be replayed.
  mutating func drop() {
    failed = true
    filled = 0
    file.truncate()
  }

  /// Writes what is left, frees the buffer, and tells the spool whether the file can be
  /// replayed: when `whole` (the writer was given all of its shard, usable) and every write
  /// succeeded. A file that cannot is emptied.
  mutating func finish(whole: Bool) {
    flush()
    buffer.deallocate()
    let complete = whole && !failed
    if !complete { file.truncate() }
    spool.finished(worker: worker, whole: complete)
  }
}
