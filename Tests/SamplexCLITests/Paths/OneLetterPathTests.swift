import Foundation
import TestSupport
import Testing

/// Paths of one letter, relative to the working directory (`-o Q`): Foundation's `NSString`
/// path getters trap on them (`lastPathComponent` of "Q" is an illegal instruction on Linux),
/// so `samplex compress C Q`, `convert v.txt P --to tsv`, `train C --output T` and
/// `eval --similarity S` crashed, as would `train --config C`. Each now runs as for any other name.
@Suite struct OneLetterPathTests {
  /// Runs the built `samplex` with `arguments` in `folder`: its exit status and standard error.
  private func run(_ arguments: [String], in folder: String) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  @Test func oneLetterPathsAreWrittenAndRead() throws {
    let folder = try Fixtures.temporaryDirectory()
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    try "2 2\nthe 1 2\nand 2 1\n".write(
      toFile: folder + "/v", atomically: false, encoding: .utf8)
    try "the and 5\n".write(toFile: folder + "/S", atomically: false, encoding: .utf8)
    try "training:\n  epochs: 1\n".write(toFile: folder + "/C", atomically: false, encoding: .utf8)
    let commands = [
      ["compress", corpus, "Q"],
      ["convert", "v", "P", "--to", "tsv"],
      ["train", corpus, "--output", "T", "--epochs", "1", "--min-count", "2", "--threads", "1"],
      ["eval", "v", "--similarity", "S"],
      ["train", corpus, "--config", "C", "--output", "U", "--min-count", "2", "--threads", "1"],
    ]
    for arguments in commands {
      let (status, errors) = try run(arguments, in: folder)
      #expect(status == 0, "\(arguments): \(errors)")
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(Set(names).isSuperset(of: ["Q", "P", "T", "U"]))
    #expect(FileManager.default.fileExists(atPath: folder + "/T/vectors.bin"))
  }
}
