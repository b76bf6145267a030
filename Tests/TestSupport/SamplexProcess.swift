import Foundation

/// The built `samplex` (`Fixtures.builtSamplex`) run as a separate process, as a user runs it:
/// for what only a process shows (its exit status, its lock on a folder, its death by a signal).
public enum SamplexProcess {
  /// Starts `samplex` with `arguments`, its standard error to `errors` and its standard output
  /// discarded; with `setup`, from a bash that runs it first (a `ulimit`, a `trap`), so that
  /// samplex inherits what it sets.
  public static func start(_ arguments: [String], errors: Pipe, after setup: String? = nil) throws
    -> Process
  {
    let process = Process()
    if let setup {
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments =
        ["-c", setup + "; exec \"$0\" \"$@\"", Fixtures.builtSamplex.path] + arguments
    } else {
      process.executableURL = Fixtures.builtSamplex
      process.arguments = arguments
    }
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs `samplex` with `arguments` (after `setup`, as `start` does) to its end: its exit
  /// status and standard error.
  public static func run(_ arguments: [String], after setup: String? = nil) throws -> (
    status: Int32, errors: String
  ) {
    let errors = Pipe()
    let process = try start(arguments, errors: errors, after: setup)
    // Read before waiting: a pipe holds only so much before its writer blocks.
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  /// Runs `samplex` with `arguments` to its end: its exit status, standard output and standard
  /// error, each caught in a file (a pipe left unread would block a writer that fills it).
  public static func capture(_ arguments: [String]) throws -> (
    status: Int32, output: String, errors: String
  ) {
    let folder = try Fixtures.temporaryDirectory()
    let paths = (output: folder + "/stdout", errors: folder + "/stderr")
    for path in [paths.output, paths.errors] {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
      }
    }
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.output))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.errors))
    try process.run()
    process.waitUntilExit()
    return (
      process.terminationStatus, try String(contentsOfFile: paths.output, encoding: .utf8),
      try String(contentsOfFile: paths.errors, encoding: .utf8)
    )
  }

  /// The files of `folder` by name, with their bytes: to show that a refused run changed none.
  public static func snapshot(of folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
      files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    }
    return files
  }
}
