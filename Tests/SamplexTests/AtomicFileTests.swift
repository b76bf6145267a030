import Foundation
import Samplex
import TestSupport
import Testing

@Suite struct AtomicFileTests {
  /// A write leaves the target whole and no temporary file behind.
  @Test func aWriteRenamesItsFileIntoPlace() throws {
    let folder = try Fixtures.temporaryDirectory()
    try AtomicFile.write(to: folder + "/a.txt") { try $0.write("hello\n") }
    #expect(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8) == "hello\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.txt"])
  }

  /// The temporary file of a writer that is gone is removed; one of a live process (this one),
  /// one whose target is not ours, and files that only look alike are kept.
  @Test func abandonedTemporaryFilesAreRemoved() throws {
    let folder = try Fixtures.temporaryDirectory()
    // Linux's process ids stop at 2^22 (`pid_max` at most), so no process has this one.
    let gone = "vectors.bin.partial-4194305"
    let live = "vectors.txt.partial-\(getpid())"
    let others = [
      "vectors.bin", "notes.txt.partial-4194305", "vectors.bin.partial-soon",
      "vectors.bin.partial-", "vectors.bin.partial-0",
    ]
    for name in [gone, live] + others {
      #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data([1])))
    }
    let removed = AtomicFile.removeAbandoned(in: folder) { $0.hasPrefix("vectors.") }
    #expect(removed == [gone])
    let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(left == ([live] + others).sorted())
  }
}
