#if canImport(Glibc)
  import Glibc
#endif

/// A (rows, dimensions) table of floats in one 64-byte-aligned block: the input vectors U, the
/// output vectors W or the biases b of a model.
///
/// The Hogwild contract: worker threads read and update rows through `row(_:)` without locks,
/// as word2vec, gensim and fastText do. Two workers may write the same row at once and one
/// update may be partly lost; with sparse updates over a large vocabulary this happens rarely
/// and does not harm convergence (Recht et al. 2011). Nothing else in Samplex shares mutable
/// memory across threads, which is why this is the one `@unchecked Sendable` type.
public final class EmbeddingTable: @unchecked Sendable {
  public let rows: Int
  public let dimensions: Int
  @usableFromInline package let storage: UnsafeMutablePointer<Float>

  /// A table of zeros.
  public init(rows: Int, dimensions: Int) {
    precondition(rows >= 1 && dimensions >= 1, "a table needs at least one row and one column")
    self.rows = rows
    self.dimensions = dimensions
    let bytes = rows * dimensions * MemoryLayout<Float>.stride
    storage = Self.allocate(byteCount: bytes).bindMemory(
      to: Float.self, capacity: rows * dimensions)
    storage.initialize(repeating: 0, count: rows * dimensions)
  }

  /// Tables from 4 MiB up are laid on 2 MiB pages where Linux gives them to memory that asks
  /// (`transparent_hugepage` is `madvise` on most distributions): a table of 10^6 rows is
  /// zeroed with 512 times fewer page faults (Benchmarks/history/steps.md, 2026-12-03: `samplex step` at V = 10^6), and
  /// rows read at random across it miss the TLB less often. Where huge pages are not given,
  /// the advice is ignored and the table is as before.
  private static func allocate(byteCount bytes: Int) -> UnsafeMutableRawPointer {
    let hugePage = 1 << 21
    guard bytes >= 2 * hugePage else {
      return UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 64), alignment: 64)
    }
    let rounded = (bytes + hugePage - 1) / hugePage * hugePage
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePage)
    #if os(Linux)
      _ = madvise(pointer, rounded, MADV_HUGEPAGE)
    #endif
    return pointer
  }

  deinit { storage.deallocate() }

  /// Fills the table with values uniform in `[−scale, scale)`, as word2vec initializes its input
  /// vectors (scale 0.5/d), from a generator seeded with `seed`.
  public func fillUniform(scale: Float, seed: UInt64) {
    var random = Xoshiro256StarStar(seed: seed)
    for index in 0..<(rows * dimensions) {
      storage[index] = (Float(random.next() >> 40) * 0x1p-24 * 2 - 1) * scale
    }
  }

  /// The first element of row `id`.
  @inlinable @inline(__always)
  package func row(_ id: Int32) -> UnsafeMutablePointer<Float> {
    storage + Int(id) &* dimensions
  }

  /// Calls `body` with all values, row-major; the table stays alive for the call (a pointer
  /// taken out of it would not keep it alive).
  public func withValues<Result>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> Result)
    rethrows
    -> Result
  {
    try withExtendedLifetime(self) {
      try body(UnsafeMutableBufferPointer(start: storage, count: rows * dimensions))
    }
  }

  /// A copy of all values, row-major.
  public var array: [Float] { withValues { Array($0) } }

  /// A copy of row `index`: one word's vector.
  public func vector(at index: Int) -> [Float] {
    precondition(index >= 0 && index < rows, "row \(index) is outside the table's \(rows) rows")
    return withValues { Array($0[index * dimensions..<(index + 1) * dimensions]) }
  }
}
