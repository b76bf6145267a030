import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An anonymous temporary file: a worker's spooled ids (`IDSpool`), or a run of partial counts
/// that the vocabulary pass spilled (`CountRun`).
///
/// The file is unlinked as soon as it is created, so it never shows in the folder and the
/// system frees its blocks when the descriptor closes, whether the run ends, fails or is killed.
/// Positioned reads and writes (`pread`, `pwrite`) keep no shared offset; each owner writes its
/// own file.
package final class UnlinkedFile: Sendable {
  private let descriptor: Int32

  /// The reason the system gave for a read that failed.
  struct ReadFailure: Error {
    let reason: String
  }

  /// Creates the file in `directory` (`defaultDirectory` unless given), its name starting with
  /// `prefix` while it has one, or returns nil when it cannot.
  package init?(directory: String = UnlinkedFile.defaultDirectory, prefix: String = "samplex-ids") {
    var template = Array((directory + "/\(prefix)-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { return nil }
    _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// `$TMPDIR` when set, else `/var/tmp`: `/tmp` is memory (tmpfs) on some systems (Debian 13
  /// among them), where a spool would take RAM in proportion to the corpus; `/var/tmp` is kept
  /// on disk. `/tmp` only when `/var/tmp` cannot be written.
  package static var defaultDirectory: String {
    if let directory = ProcessInfo.processInfo.environment["TMPDIR"], !directory.isEmpty {
      return directory
    }
    return access("/var/tmp", W_OK) == 0 ? "/var/tmp" : "/tmp"
  }

  /// Writes all of `bytes` at `offset`; false when the disk refuses (full, or an I/O error).
  func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
    var written = 0
    while written < bytes.count {
      let count = pwrite(
        descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return false }
      written += count
    }
    return true
  }

  /// Reads up to `buffer.count` bytes at `offset`; 0 at the file's end.
  /// - Throws: `ReadFailure` when the system cannot read the file back.
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
    while true {
      let count = pread(descriptor, buffer.baseAddress!, buffer.count, off_t(offset))
      if count >= 0 { return count }
      if errno == EINTR { continue }
      throw ReadFailure(reason: String(cString: strerror(errno)))
    }
  }

  /// Empties the file, giving its blocks back.
  func truncate() { _ = ftruncate(descriptor, 0) }
}
