import Foundation

/// Writes one `CountRun`'s entries, already in order, to a new unlinked file through a fixed
/// buffer.
struct CountRunWriter: ~Copyable {
  private let file: UnlinkedFile
  private let directory: String
  private let buffer: UnsafeMutableRawBufferPointer
  private var filled = 0
  private var offset = 0
  private var entries = 0
  /// Set once a write failed: the rest is not written, and `finish` throws.
  private var failed = false

  static let bufferSize = 1 << 18

  /// - Throws: `VocabularyError.spillFailed` when `directory` takes no new file.
  init(directory: String) throws(VocabularyError) {
    guard let file = UnlinkedFile(directory: directory, prefix: "samplex-counts") else {
      // The system's reason: a missing folder, no permission, no descriptors left.
      let reason = String(cString: strerror(errno))
      throw .spillFailed(directory: directory, reason: "no file can be created there: \(reason)")
    }
    self.file = file
    self.directory = directory
    buffer = .allocate(byteCount: Self.bufferSize, alignment: 8)
  }

  deinit { buffer.deallocate() }

  /// Appends the entry of `key`, which sorts after the entries before it.
  mutating func append(_ key: UnsafeRawBufferPointer, count: Int64, first: FirstAppearance) {
    let size = CountRun.headerSize + key.count
    if filled + size > buffer.count { flush() }
    let header = buffer.baseAddress! + filled
    header.storeBytes(of: UInt32(key.count), as: UInt32.self)
    header.storeBytes(of: first.part, toByteOffset: 4, as: UInt32.self)
    header.storeBytes(of: count, toByteOffset: 8, as: Int64.self)
    header.storeBytes(of: first.order, toByteOffset: 16, as: UInt64.self)
    filled += CountRun.headerSize
    if size > buffer.count {
      // A token longer than the buffer goes to the file directly, after its header.
      flush()
      write(key)
    } else if key.count > 0 {
      (buffer.baseAddress! + filled).copyMemory(from: key.baseAddress!, byteCount: key.count)
      filled += key.count
    }
    entries += 1
  }

  private mutating func flush() {
    write(UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
    filled = 0
  }

  private mutating func write(_ bytes: UnsafeRawBufferPointer) {
    if !failed, bytes.count > 0 {
      failed = !file.write(bytes, at: offset)
    }
    offset += bytes.count
  }

  /// Writes what is left; the file and how many entries it holds.
  /// - Throws: `VocabularyError.spillFailed` when a write failed (a full disk).
  consuming func finish() throws(VocabularyError) -> (file: UnlinkedFile, entries: Int) {
    flush()
    guard !failed else {
      throw .spillFailed(directory: directory, reason: "the disk refused a write (is it full?)")
    }
    return (file, entries)
  }
}
