import Foundation

/// Paths compared as folders, with string operations rather than NSString's path getters,
/// which trap on a one-letter relative name.
enum FolderPath {
  /// The folder of the file `file` names, with symbolic links resolved.
  static func folder(of file: String) -> String {
    guard let slash = file.lastIndex(of: "/") else { return resolved("") }
    return resolved(slash == file.startIndex ? "/" : String(file[..<slash]))
  }

  /// `path` as an absolute, standardized path with symbolic links resolved (the working
  /// directory for an empty one).
  static func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path.isEmpty ? "." : path).standardizedFileURL
      .resolvingSymlinksInPath().path
  }

  /// The last component of `path`: what follows its last slash.
  static func lastComponent(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }
}
