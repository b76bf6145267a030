import Foundation

/// Makes the folder an output goes into, and the folders above it, failing in one sentence
/// that names the folder and why: Foundation's own error printed as
/// `Error Domain=NSCocoaErrorDomain Code=512 "(null)" UserInfo={…}` (`samplex bench` with
/// `output.dir` under a file).
package enum OutputFolder {
  /// Makes `path` unless it is a folder already.
  /// - Throws: `CorpusError.unwritable` naming `path` and the system's reason.
  package static func create(_ path: String) throws(CorpusError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      // The system's reason, where Foundation keeps it ("Not a directory", "Permission denied").
      let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error)
        .map { $0 as NSError }
      let reason = underlying.flatMap {
        $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil
      }
      throw .unwritable(
        path: path, reason: "the folder cannot be made" + (reason.map { ": " + $0 } ?? ""))
    }
  }
}
