import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A run's hold on its folder for the run's life, so that a second run into the folder is
/// refused while the first trains: `flock` on the file `.samplex-lock` there, which the system
/// releases however the process ends (`kill -9` included), so no lock outlives its run. The
/// file holds the process id of the run that holds it, for the message that refuses another.
/// The file itself stays: removing it would let a later run lock a new file while an earlier
/// one still holds the old.
package final class RunFolderLock {
  package static let fileName = ".samplex-lock"
  private let descriptor: Int32

  /// Creates `folder` if needed and locks it.
  /// - Throws: `RunFolderError.locked` when another run holds it, `CorpusError.unwritable` when
  ///   the folder or the lock file cannot be made.
  package init(folder: String) throws {
    try OutputFolder.create(folder)
    let path = folder + "/" + Self.fileName
    // Held in a local until locked: an initializer that throws once every stored property is
    // set runs `deinit`, which would close the descriptor a second time (and with it whatever
    // file another thread opened under the same number in between).
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else {
      throw CorpusError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    // A probe (`checkFree`) holds a shared lock for an instant: a few tries get past it.
    var tries = 0
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      tries += 1
      guard errno == EWOULDBLOCK, tries < 10 else {
        let process = Self.process(in: descriptor)
        close(descriptor)
        throw RunFolderError.locked(folder: folder, process: process)
      }
      usleep(20_000)
    }
    let text = Array("\(getpid())\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// Refuses a run into `folder` while another holds its lock, without creating anything.
  /// - Throws: `RunFolderError.locked`.
  package static func checkFree(_ folder: String) throws(RunFolderError) {
    let descriptor = open(folder + "/" + fileName, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else { return }  // no lock file: no run has locked the folder
    defer { close(descriptor) }
    guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else {
      flock(descriptor, LOCK_UN)
      return
    }
    throw RunFolderError.locked(folder: folder, process: process(in: descriptor))
  }

  /// The process id the lock file open at `descriptor` holds, if it holds one.
  private static func process(in descriptor: Int32) -> Int32? {
    var bytes = [UInt8](repeating: 0, count: 32)
    let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return nil }
    return Int32(
      String(decoding: bytes.prefix(count), as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines))
  }
}
