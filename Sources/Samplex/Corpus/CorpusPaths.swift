import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The files that corpus arguments name, in reading order: a file as it is; a folder, its
/// regular files sorted by name (not its subfolders, and not hidden files, such as `.DS_Store`,
/// whose names begin with a dot), as gensim's `PathLineSentences` reads a folder; a glob pattern
/// (`*`, `?`, `[...]`; quoted, so that the shell leaves it) that names no existing path, the
/// regular files it matches, sorted by name (`glob(3)`, whose `*` passes over hidden files).
/// Standard input, `-`, stands alone.
package enum CorpusPaths {
  /// - Throws: `CorpusError.emptyDirectory`, `.noMatch` or `.standardInputAmongFiles`. A missing
  ///   file is left to `TextSource`, which names it when it opens it.
  static func expand(_ arguments: [String]) throws(CorpusError) -> [String] {
    if arguments.contains("-") {
      guard arguments.count == 1 else { throw .standardInputAmongFiles }
      return arguments
    }
    var paths: [String] = []
    for argument in arguments {
      if isDirectory(argument) {
        let files = try filesInFolder(argument)
        guard !files.isEmpty else { throw .emptyDirectory(path: argument) }
        paths += files
      } else if !FileManager.default.fileExists(atPath: argument) && isPattern(argument) {
        let files = matches(of: argument).filter(isRegularFile)
        guard !files.isEmpty else { throw .noMatch(pattern: argument) }
        paths += files
      } else {
        paths.append(argument)
      }
    }
    return paths
  }

  /// Whether `argument` holds a glob metacharacter, and so may name files that match it rather
  /// than a path of its own.
  package static func isPattern(_ argument: String) -> Bool {
    argument.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  private static func filesInFolder(_ folder: String) throws(CorpusError) -> [String] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      throw .unreadable(path: folder, reason: error.localizedDescription)
    }
    let prefix = folder.hasSuffix("/") ? folder : folder + "/"
    // Sorted by the names' bytes, as `ls` in the C locale and `glob(3)` order them.
    return names.filter { !$0.hasPrefix(".") }
      .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      .map { prefix + $0 }.filter(isRegularFile)
  }

  /// The paths `pattern` matches, in `glob(3)`'s sorted order.
  private static func matches(of pattern: String) -> [String] {
    var found = glob_t()
    defer { globfree(&found) }
    guard glob(pattern, 0, nil, &found) == 0 else { return [] }
    return (0..<Int(found.gl_pathc)).compactMap { index in
      found.gl_pathv[index].map { String(cString: $0) }
    }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var folder: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
  }

  /// Whether `path` is a regular file, following a symbolic link.
  private static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }
}
