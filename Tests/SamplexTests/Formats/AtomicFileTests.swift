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
    let goneRandom = "vectors.txt.partial-4194305-9f3a2c1b5e7d0a42"
    let live = "vectors.txt.partial-\(getpid())"
    let liveRandom = "vectors.bin.partial-\(getpid())-5e7d0a429f3a2c1b"
    let others = [
      "vectors.bin", "notes.txt.partial-4194305", "vectors.bin.partial-soon",
      "vectors.bin.partial-", "vectors.bin.partial-0",
    ]
    for name in [gone, goneRandom, live, liveRandom] + others {
      #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data([1])))
    }
    let removed = AtomicFile.removeAbandoned(in: folder) { $0.hasPrefix("vectors.") }
    #expect(removed.sorted() == [gone, goneRandom].sorted())
    let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(left == ([live, liveRandom] + others).sorted())
  }

  /// Writing a file again removes what its killed earlier writers left (their temporary files
  /// of that name), and nothing else: before, a `kill -9` of `samplex compress` left its
  /// `.partial-` file beside the output for good.
  @Test func aWriteRemovesItsTargetsAbandonedTemporaryFiles() throws {
    let folder = try Fixtures.temporaryDirectory()
    let gone = "a.txt.partial-4194305-9f3a2c1b5e7d0a42"
    let kept = [
      "b.txt.partial-4194305-9f3a2c1b5e7d0a42", "a.txt.partial-\(getpid())-5e7d0a429f3a2c1b",
    ]
    for name in [gone] + kept {
      #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: Data([1])))
    }
    try AtomicFile.write(to: folder + "/a.txt") { try $0.write("hello\n") }
    let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(left == (["a.txt"] + kept).sorted())
  }

  /// A symlink planted at the name a writer of this process would once have used
  /// (`NAME.partial-PID`) is not written through: the file it points to keeps its bytes.
  @Test func aPlantedSymlinkIsNotWrittenThrough() throws {
    let folder = try Fixtures.temporaryDirectory()
    let victim = folder + "/victim.txt"
    #expect(FileManager.default.createFile(atPath: victim, contents: Data("keep\n".utf8)))
    let planted = folder + "/a.txt.partial-\(getpid())"
    try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
    try AtomicFile.write(to: folder + "/a.txt") { try $0.write("hello\n") }
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep\n")
    #expect(try String(contentsOfFile: folder + "/a.txt", encoding: .utf8) == "hello\n")
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: planted) == victim)
  }

  /// Each write's temporary file has a name of its own, `NAME.partial-PID-RANDOM`, that no one
  /// can plant ahead, and is a new file of mode 0644 (less the umask).
  @Test func temporaryNamesAreUnpredictable() throws {
    let folder = try Fixtures.temporaryDirectory()
    var names: [String] = []
    for _ in 0..<2 {
      try AtomicFile.write(to: folder + "/a.txt") { _ in
        let partial = try FileManager.default.contentsOfDirectory(atPath: folder)
          .filter { $0.hasPrefix("a.txt.partial-\(getpid())-") }
        names += partial
        #expect(partial.count == 1)
        let mode = try #require(
          try FileManager.default.attributesOfItem(atPath: folder + "/" + partial[0])[
            .posixPermissions] as? Int)
        #expect(mode & 0o133 == 0)
      }
    }
    #expect(names.count == 2 && names[0] != names[1], "\(names)")
    #expect(names.allSatisfy { $0.count > "a.txt.partial-\(getpid())-".count + 8 }, "\(names)")
  }
}
