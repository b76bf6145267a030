/// A file of the run folder that a resume reads back (`metrics.jsonl`, `run.json`) and left
/// unread because it holds more than `limit` bytes, more than the run writes, so that a file
/// replaced by a device or grown without end cannot fill memory. The resume goes on without
/// what the file held, and logs `warning` so that the loss is not silent.
package struct OversizedFile: Error, Equatable, Sendable {
  package let path: String
  /// The file's size in bytes; nil for a file without one (a device, a pipe).
  package let size: Int?
  package let limit: Int

  /// The contents of the file at `path`, or nil when it is missing or unreadable (a first
  /// session's folder holds neither file).
  /// - Throws: `OversizedFile` when it holds more than `limit` bytes.
  package static func contents(of path: String, limit: Int) throws(OversizedFile) -> [UInt8]? {
    guard let file = try? OpenFile(path: path) else { return nil }
    let bytes: [UInt8]?
    do {
      bytes = try file.contents(limit: limit)
    } catch {
      return nil
    }
    guard let bytes else {
      throw OversizedFile(
        path: path, size: file.isRegularFile ? try? file.size() : nil, limit: limit)
    }
    return bytes
  }

  /// The line a resume logs: the file, its size, the limit, and `consequence` (what the resumed
  /// run goes on without).
  package func warning(_ consequence: String) -> String {
    let held = size.map { "holds \($0) bytes, more than" } ?? "holds more than"
    return "warning: \(path) \(held) the \(limit >> 20) MiB a resume reads back, so it was left "
      + "unread: \(consequence)"
  }
}
