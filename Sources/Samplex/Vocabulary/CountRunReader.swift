/// Reads one `CountRun`'s entries in order through a buffer of its own, which grows only for a
/// token longer than it.
final class CountRunReader {
  private let run: CountRun
  private var buffer: UnsafeMutableRawBufferPointer
  private var fileOffset = 0
  /// The bytes of `buffer` read and not yet taken.
  private var start = 0
  private var end = 0
  private var remaining: Int

  /// The current entry's token: valid until the next `advance()`.
  private(set) var key = UnsafeRawBufferPointer(start: nil, count: 0)
  private(set) var count: Int64 = 0
  private(set) var first = FirstAppearance(part: 0, order: 0)

  static let bufferSize = 1 << 16

  init(_ run: CountRun) {
    self.run = run
    remaining = run.entries
    buffer = .allocate(byteCount: Self.bufferSize, alignment: 8)
  }

  deinit { buffer.deallocate() }

  /// Moves to the next entry; false after the last.
  /// - Throws: `VocabularyError.spillFailed` when the file cannot be read back whole.
  func advance() throws(VocabularyError) -> Bool {
    guard remaining > 0 else { return false }
    try fill(CountRun.headerSize)
    let header = UnsafeRawPointer(buffer.baseAddress! + start)
    let length = Int(header.loadUnaligned(as: UInt32.self))
    let part = header.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
    count = header.loadUnaligned(fromByteOffset: 8, as: Int64.self)
    let order = header.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
    first = FirstAppearance(part: part, order: order)
    try fill(CountRun.headerSize + length)
    key = UnsafeRawBufferPointer(
      start: buffer.baseAddress! + start + CountRun.headerSize, count: length)
    start += CountRun.headerSize + length
    remaining -= 1
    return true
  }

  /// Reads until `needed` bytes are unread in the buffer, moving them to its front and growing
  /// it when they do not fit.
  private func fill(_ needed: Int) throws(VocabularyError) {
    guard end - start < needed else { return }
    if start > 0 {
      buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
      end -= start
      start = 0
    }
    if buffer.count < needed {
      let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: needed, alignment: 8)
      larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
      buffer.deallocate()
      buffer = larger
    }
    while end < needed {
      let read: Int
      do {
        read = try run.file.read(
          at: fileOffset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
      } catch {
        throw .spillFailed(directory: run.directory, reason: error.reason)
      }
      guard read > 0 else {
        throw .spillFailed(directory: run.directory, reason: "a run ended early")
      }
      fileOffset += read
      end += read
    }
  }
}
