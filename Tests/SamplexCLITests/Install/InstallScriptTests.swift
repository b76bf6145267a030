import Foundation
import TestSupport
import Testing

/// Runs `Scripts/install.sh` with `arguments` to its end: its exit status, standard output and
/// standard error (each small enough for a pipe, read after the script ends).
private func install(_ arguments: [String], in folder: String? = nil) throws -> (
  status: Int32, output: String, errors: String
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
  process.arguments =
    [Fixtures.root.appendingPathComponent("Scripts/install.sh").path] + arguments
  let (output, errors) = (Pipe(), Pipe())
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  process.waitUntilExit()
  return (
    process.terminationStatus,
    String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
    String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  )
}

/// The install script's copy step, given the debug build (`--binary`) so that the test does not
/// build a release: what it installs is the binary it was given, where it says.
@Suite struct InstallScriptTests {
  @Test func theBinaryLandsInThePrefixAndSaysWhere() throws {
    let prefix = try Fixtures.temporaryDirectory() + "/not/yet/bin"
    let built = try SamplexProcess.capture(["--version"])
    for _ in 0..<2 {  // the second time over the first's copy
      let run = try install(["--binary", Fixtures.builtSamplex.path, "--prefix", prefix])
      #expect(run.status == 0, "\(run.errors)")
      #expect(run.output.contains("as \(prefix)/samplex\n"), "\(run.output)")
      #expect(run.output.contains("\(prefix) is not on your PATH"), "\(run.output)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: prefix) == ["samplex"])
      #expect(FileManager.default.isExecutableFile(atPath: prefix + "/samplex"))
      let installed = try Data(contentsOf: URL(fileURLWithPath: prefix + "/samplex"))
      #expect(installed == (try Data(contentsOf: Fixtures.builtSamplex)))
      #expect(run.output.hasPrefix("installed \(built.output.trimmingCharacters(in: .newlines))"))
    }
  }

  /// Relative paths are the caller's, not the repository's.
  @Test func relativePathsAreTheCallersOwn() throws {
    let folder = try Fixtures.temporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: folder + "/build", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Fixtures.builtSamplex.path, toPath: folder + "/build/samplex")
    let run = try install(["--binary", "build/samplex", "--prefix", "bin"], in: folder)
    #expect(run.status == 0, "\(run.errors)")
    #expect(FileManager.default.isExecutableFile(atPath: folder + "/bin/samplex"))
  }

  @Test(arguments: [
    (["--prefx", "/tmp/x"], "unknown option '--prefx'"),
    (["--prefix"], "--prefix needs a folder"),
    (["--binary", "/nonexistent/samplex", "--prefix", "/tmp/x"], "no samplex to install at"),
  ])
  func aWrongCallIsOneSentence(_ arguments: [String], _ phrase: String) throws {
    let run = try install(arguments)
    #expect(run.status == 2)
    #expect(run.errors.hasPrefix("install.sh: ") && run.errors.contains(phrase), "\(run.errors)")
    #expect(run.errors.split(separator: "\n").count == 1, "\(run.errors)")
    #expect(run.output.isEmpty)
  }
}
