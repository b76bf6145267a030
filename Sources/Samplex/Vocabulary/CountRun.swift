import Foundation

/// A run of partial counts that the counting pass spilled (`VocabularyOverflow.spill`): distinct
/// tokens sorted by their bytes, each with its count and its first appearance, in an unlinked
/// temporary file (`UnlinkedFile`) that the system removes when the run goes, whatever ends
/// the pass.
///
/// Entry layout, in the byte order of the process that wrote it (the only one that reads it):
/// the token's length (UInt32), its part (UInt32), its count (Int64), its order within the part
/// (UInt64), then its bytes. A builder keeps its runs in tiers: `fanIn` runs of one level merge
/// into one of the next, so that a pass holds a few runs per level, and the descriptors and
/// merge buffers stay few.
final class CountRun: Sendable {
  let file: UnlinkedFile
  /// The entries the run holds.
  let entries: Int
  /// 0 for a table spilled; one more than theirs for runs merged into this one.
  let level: Int
  /// The folder the file was made in, for a message when it cannot be read back.
  let directory: String

  static let headerSize = 24
  /// How many runs one merge reads at once.
  static let fanIn = 8

  private init(written: (file: UnlinkedFile, entries: Int), level: Int, directory: String) {
    file = written.file
    entries = written.entries
    self.level = level
    self.directory = directory
  }

  /// The entries of `table`, sorted by their bytes, as a run of level 0: the tokens of part
  /// `part` whose table indices, plus `firstOrder`, give their order of first appearance there.
  /// - Throws: `VocabularyError.spillFailed` when the file cannot be created or written.
  convenience init(table: TokenTable, part: Int, firstOrder: Int, directory: String)
    throws(VocabularyError)
  {
    var indices = [UInt32](unsafeUninitializedCapacity: table.count) { buffer, count in
      for index in 0..<table.count { buffer[index] = UInt32(index) }
      count = table.count
    }
    indices.sort { Self.compare(table.key(at: Int($0)), table.key(at: Int($1))) < 0 }
    var writer = try CountRunWriter(directory: directory)
    for index in indices {
      writer.append(
        table.key(at: Int(index)), count: table.count(at: Int(index)),
        first: FirstAppearance(part: UInt32(part), order: UInt64(firstOrder + Int(index))))
    }
    self.init(written: try writer.finish(), level: 0, directory: directory)
  }

  /// One run holding `runs`' entries merged (`CountRunMerge`), of level `level`.
  convenience init(merging runs: [CountRun], level: Int, directory: String)
    throws(VocabularyError)
  {
    var writer = try CountRunWriter(directory: directory)
    try CountRunMerge.mergeAtOnce(runs) { key, count, first in
      writer.append(key, count: count, first: first)
    }
    self.init(written: try writer.finish(), level: level, directory: directory)
  }

  /// The order of two tokens' bytes: negative when `a` sorts first, 0 when they are equal.
  @inline(__always)
  static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let shared = min(a.count, b.count)
    if shared > 0 {
      let order = memcmp(a.baseAddress!, b.baseAddress!, shared)
      if order != 0 { return Int(order) }
    }
    return a.count - b.count
  }
}
