import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// An open, read-only file (or standard input), closed when the last reference goes.
///
/// Positioned reads (`pread`) do not share a file offset, so shards of one file may read it from
/// several threads at once.
package final class OpenFile: Sendable {
  /// The path as the user gave it (`-` for standard input), for messages.
  package let path: String
  let descriptor: FileDescriptor
  private let ownsDescriptor: Bool

  /// Opens `path` for reading; `-` is standard input.
  /// - Throws: `CorpusError.notFound`, `.isDirectory` or `.unreadable`.
  package init(path: String) throws(CorpusError) {
    self.path = path
    if path == "-" {
      descriptor = .standardInput
      ownsDescriptor = false
      return
    }
    // Checked in a local before it is stored: an initializer that throws once every stored
    // property is set runs `deinit`, which would close the descriptor a second time (and with
    // it whatever file another thread opened under the same number in between).
    let opened: FileDescriptor
    do {
      opened = try FileDescriptor.open(FilePath(path), .readOnly)
    } catch {
      switch error as? Errno {
      case .noSuchFileOrDirectory: throw .notFound(path: path)
      case .isDirectory: throw .isDirectory(path: path)
      default: throw .unreadable(path: path, reason: "\(error)")
      }
    }
    var info = stat()
    if fstat(opened.rawValue, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      try? opened.close()
      throw .isDirectory(path: path)
    }
    descriptor = opened
    ownsDescriptor = true
  }

  deinit {
    if ownsDescriptor { try? descriptor.close() }
  }

  /// Whether the file supports positioned reads and has a size (false for pipes and terminals).
  package var isRegularFile: Bool {
    var info = stat()
    return fstat(descriptor.rawValue, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// The size in bytes of a regular file.
  package func size() throws(CorpusError) -> Int {
    var info = stat()
    guard fstat(descriptor.rawValue, &info) == 0 else {
      throw .unreadable(path: path, reason: Errno(rawValue: errno).description)
    }
    return Int(info.st_size)
  }

  /// The whole file, for the small files a user points at (vectors, configs, vocabularies,
  /// evaluation sets). Read through the descriptor rather than Foundation, whose file reading
  /// leaked a buffer now and then under LeakSanitizer (RELIABILITY.md).
  package func contents() throws(CorpusError) -> [UInt8] {
    try contents(limit: .max) ?? []
  }

  /// The whole file when it holds at most `limit` bytes, or nil when it holds more: it is read
  /// no further than one byte past the limit, so that a device or pipe without end
  /// (`/dev/zero`) or a huge sparse file costs no more memory than the limit.
  package func contents(limit: Int) throws(CorpusError) -> [UInt8]? {
    // A regular file's size says so before anything is read.
    if isRegularFile, try size() > limit { return nil }
    var bytes: [UInt8] = []
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
    defer { chunk.deallocate() }
    while bytes.count <= limit {
      // One byte past the limit at most (written so that a limit of Int.max cannot overflow).
      let left = limit - bytes.count
      let wanted = left >= chunk.count ? chunk.count : left + 1
      let count = try read(
        at: bytes.count, into: UnsafeMutableRawBufferPointer(rebasing: chunk[..<wanted]))
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<count])
    }
    return nil
  }

  /// Fills `buffer` from `offset` on, stopping early only at the file's end; returns the bytes
  /// read.
  func fill(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(CorpusError) -> Int {
    var filled = 0
    while filled < buffer.count {
      let count = try read(
        at: offset + filled, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
      if count == 0 { break }
      filled += count
    }
    return filled
  }

  /// Reads at `offset` without moving any shared position.
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
    do {
      return try descriptor.read(
        fromAbsoluteOffset: Int64(offset), into: buffer, retryOnInterrupt: true)
    } catch {
      throw translate(error)
    }
  }

  /// Reads from the current position (pipes and standard input).
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
    do {
      return try descriptor.read(into: buffer, retryOnInterrupt: true)
    } catch {
      throw translate(error)
    }
  }

  private func translate(_ error: any Error) -> CorpusError {
    (error as? Errno) == .isDirectory
      ? .isDirectory(path: path) : .unreadable(path: path, reason: "\(error)")
  }
}
