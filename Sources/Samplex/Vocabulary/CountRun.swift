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
    // Sorted by each token's first 8 bytes as one big-endian number, and by all of its bytes
    // only where those tie: the numbers sit in the array being sorted, where comparing the
    // tokens themselves reads two records from all over the table at every step.
    var entries = [PrefixedIndex](unsafeUninitializedCapacity: table.count) { buffer, count in
      for index in 0..<table.count {
        buffer[index] = PrefixedIndex(
          prefix: Self.prefix(table.key(at: index)), index: UInt32(index))
      }
      count = table.count
    }
    entries.sort {
      $0.prefix != $1.prefix
        ? $0.prefix < $1.prefix
        : Self.compare(table.key(at: Int($0.index)), table.key(at: Int($1.index))) < 0
    }
    var writer = try CountRunWriter(directory: directory)
    for index in entries.lazy.map(\.index) {
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

  /// A token's first 8 bytes as a big-endian number, zeros past its end: two tokens whose
  /// prefixes differ sort as their bytes do (where one ends inside the 8 bytes and the other
  /// goes on with a byte above 0, the shorter comes first either way; a 0 byte after the end
  /// ties, and the bytes decide).
  @inline(__always)
  static func prefix(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var value: UInt64 = 0
    for offset in 0..<8 {
      value = value << 8 | UInt64(offset < key.count ? key[offset] : 0)
    }
    return value
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

/// A table index with its token's 8-byte prefix (`CountRun.prefix`), the key a spill sorts by.
private struct PrefixedIndex {
  let prefix: UInt64
  let index: UInt32
}
