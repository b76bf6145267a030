import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Whether two paths name one file: the same device and inode, however the paths are spelt
/// (`./f` and `f`, a hard link, a symlink to it).
package enum SameFile {
  /// Refuses an `output` that exists and is `input`'s file; a missing output, or standard
  /// input (`-`), is never the same.
  /// - Throws: `CorpusError.outputIsInput`.
  package static func refuse(output: String, input: String) throws {
    guard input != "-", let written = identity(output), let read = identity(input),
      written == read
    else { return }
    throw CorpusError.outputIsInput(output: output, input: input)
  }

  /// The file's device and inode, or nil when it cannot be looked at.
  private static func identity(_ path: String) -> [UInt64]? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return [UInt64(status.st_dev), UInt64(status.st_ino)]
  }
}
