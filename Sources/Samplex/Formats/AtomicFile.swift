import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a file so that it is either complete or absent: the bytes go to a temporary name in
/// the same folder, are flushed to disk, and only then renamed over the target.
public struct AtomicFile {
  private let descriptor: FileDescriptor
  private var buffer: [UInt8] = []
  private let path: String

  /// Writes `path` through `body`; on any error the temporary file is removed and the target is
  /// left as it was.
  /// - Throws: `CorpusError.unwritable` for I/O failures, or whatever `body` throws.
  public static func write(to path: String, _ body: (inout AtomicFile) throws -> Void) throws {
    let temporary = path + ".partial-\(getpid())"
    let descriptor: FileDescriptor
    do {
      descriptor = try FileDescriptor.open(
        FilePath(temporary), .writeOnly, options: [.create, .truncate],
        permissions: [.ownerReadWrite, .groupRead, .otherRead])
    } catch {
      throw CorpusError.unwritable(path: path, reason: "\(error)")
    }
    var file = AtomicFile(descriptor: descriptor, path: path)
    do {
      try body(&file)
      try file.flush()
      guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
      try descriptor.close()
    } catch {
      try? descriptor.close()
      _ = unlink(temporary)
      if let error = error as? Errno {
        throw CorpusError.unwritable(path: path, reason: "\(error)")
      }
      throw error
    }
    if rename(temporary, path) != 0 {
      let reason = Errno(rawValue: errno).description
      _ = unlink(temporary)
      throw CorpusError.unwritable(path: path, reason: reason)
    }
  }

  /// Removes the temporary files that writers killed mid-write (`kill -9`, a crash, a lost
  /// machine) left in `directory`: those named `TARGET.partial-PID` for a `TARGET` that
  /// `isOurs` accepts and a process that is gone. A live process's files, this one's
  /// included, and every other file are left alone. Returns the names removed.
  @discardableResult
  public static func removeAbandoned(in directory: String, isOurs: (String) -> Bool) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { name in
      guard let marker = name.range(of: ".partial-", options: .backwards),
        isOurs(String(name[..<marker.lowerBound])),
        let pid = pid_t(name[marker.upperBound...]), pid > 0,
        kill(pid, 0) != 0, errno == ESRCH
      else { return false }
      return unlink(directory + "/" + name) == 0
    }
  }

  private init(descriptor: FileDescriptor, path: String) {
    self.descriptor = descriptor
    self.path = path
    buffer.reserveCapacity(1 << 16)
  }

  /// Appends the UTF-8 bytes of `text`.
  public mutating func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { try flush() }
  }

  /// Appends raw bytes; a large block (a model's table) goes straight to the file rather than
  /// through the buffer, which would otherwise grow to its size.
  public mutating func write(bytes: UnsafeRawBufferPointer) throws {
    if bytes.count >= 1 << 16 {
      try flush()
      do {
        _ = try descriptor.writeAll(bytes)
      } catch {
        throw CorpusError.unwritable(path: path, reason: "\(error)")
      }
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { try flush() }
  }

  private mutating func flush() throws {
    guard !buffer.isEmpty else { return }
    do {
      _ = try buffer.withUnsafeBytes { try descriptor.writeAll($0) }
    } catch {
      throw CorpusError.unwritable(path: path, reason: "\(error)")
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
