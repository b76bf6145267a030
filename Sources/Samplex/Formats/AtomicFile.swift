import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a file so that it is either complete or absent: the bytes go to a temporary name in
/// the same folder, are flushed to disk, and only then renamed over the target.
package struct AtomicFile {
  private let descriptor: FileDescriptor
  private var buffer: [UInt8] = []
  private let path: String

  /// Writes `path` through `body`; on any error the temporary file is removed and the target is
  /// left as it was. An earlier writer of `path` killed mid-write (`kill -9` of `samplex
  /// compress`) left its temporary file beside it: that is removed first, so that writing the
  /// file again leaves only the file.
  /// - Throws: `CorpusError.unwritable` for I/O failures, or whatever `body` throws.
  package static func write(to path: String, _ body: (inout AtomicFile) throws -> Void) throws {
    // FilePath, not NSString: Foundation's path getters trap on a one-letter name ("Q").
    let target = FilePath(path)
    let name = target.lastComponent?.string ?? path
    let folder = target.removingLastComponent().string
    removeAbandoned(in: folder.isEmpty ? "." : folder, isOurs: { $0 == name })
    let (temporary, descriptor) = try createTemporary(for: path)
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

  /// Creates `path`'s temporary file, `PATH.partial-PID-RANDOM`, as a new file: exclusively and
  /// not through a symlink, so that a file or link planted at a name the writer would use is
  /// never written through, and under a random suffix, so that the name cannot be planted
  /// ahead. A name taken meanwhile is drawn again.
  /// - Throws: `CorpusError.unwritable` when the folder refuses it.
  private static func createTemporary(for path: String) throws -> (String, FileDescriptor) {
    var generator = SystemRandomNumberGenerator()
    var attempts = 0
    while true {
      let suffix = String(generator.next() as UInt64, radix: 16)
      let temporary = path + ".partial-\(getpid())-" + suffix
      do {
        let descriptor = try FileDescriptor.open(
          FilePath(temporary), .writeOnly, options: [.create, .exclusiveCreate, .noFollow],
          permissions: [.ownerReadWrite, .groupRead, .otherRead])
        return (temporary, descriptor)
      } catch Errno.fileExists where attempts < 100 {
        attempts += 1
      } catch {
        throw CorpusError.unwritable(path: path, reason: "\(error)")
      }
    }
  }

  /// Removes the temporary files that writers killed mid-write (`kill -9`, a crash, a lost
  /// machine) left in `directory`: those named `TARGET.partial-PID-RANDOM` (or, as older
  /// writers named them, `TARGET.partial-PID`) for a `TARGET` that
  /// `isOurs` accepts and a process that is gone. A live process's files, this one's
  /// included, and every other file are left alone. Returns the names removed.
  @discardableResult
  package static func removeAbandoned(in directory: String, isOurs: (String) -> Bool) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { name in
      guard let marker = name.range(of: ".partial-", options: .backwards),
        isOurs(String(name[..<marker.lowerBound])),
        let pid = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
          .first.flatMap({ pid_t($0) }), pid > 0,
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
  package mutating func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { try flush() }
  }

  /// Appends raw bytes; a large block (a model's table) goes straight to the file rather than
  /// through the buffer, which would otherwise grow to its size.
  package mutating func write(bytes: UnsafeRawBufferPointer) throws {
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
