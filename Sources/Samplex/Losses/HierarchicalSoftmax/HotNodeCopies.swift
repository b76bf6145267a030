/// A worker's own copies of the Huffman tree's most-used inner nodes, which it trains in place
/// of the shared rows and adds back every `syncWindows` windows and at every publication.
///
/// Every prediction walks from the root, so every window of every worker writes the root and
/// the nodes just below it. With the rows shared, two workers write the same cache lines all the
/// time and each write waits for the line to come back from the other core: on the Intel Xeon
/// of BENCHMARKS.md two threads trained skip-gram slower than one (14.3 s against 10.7 s an
/// epoch of corpusA). Inner node ids follow the order the tree made them, by rising count, so the
/// most-used rows are the last ones, one contiguous span of the output table.
///
/// A sync adds the worker's change since the last sync to the shared rows and takes the sum as
/// its new copy: shared += mine − base, then mine = base = shared. Where no other worker changed
/// an element since (the shared value still equals the base), it takes the worker's value itself,
/// not base + (mine − base), which can differ in the last bit: with one worker the copies are
/// then exact, and a run trains bit for bit as it would on the shared rows, whenever it syncs.
/// Like every Hogwild write, a sync can lose another worker's change made between its read and
/// its write of an element.
package final class HotNodeCopies {
  /// The first copied row: rows `firstRow..<firstRow + rowCount` of the output table.
  package let firstRow: Int32
  package let rowCount: Int
  let dimensions: Int
  /// The worker's copies of the rows.
  let rows: UnsafeMutablePointer<Float>
  /// The shared rows as they were at the last sync.
  let base: UnsafeMutablePointer<Float>
  package var windowsSinceSync = 0

  /// Copies of the last `count` of the tree's `innerNodes` rows of `table` (all of them when
  /// there are fewer).
  package init(table: EmbeddingTable, innerNodes: Int, count: Int) {
    rowCount = max(0, min(count, innerNodes))
    firstRow = Int32(innerNodes - rowCount)
    dimensions = table.dimensions
    let size = max(1, rowCount * dimensions)
    rows = .allocate(capacity: size)
    base = .allocate(capacity: size)
    let shared = table.row(firstRow)
    rows.initialize(from: shared, count: rowCount * dimensions)
    base.initialize(from: shared, count: rowCount * dimensions)
  }

  deinit {
    rows.deallocate()
    base.deallocate()
  }

  /// The row the worker trains for inner node `id`: its copy, or the shared row.
  @inline(__always)
  package func row(_ id: Int32, of table: EmbeddingTable) -> UnsafeMutablePointer<Float> {
    id >= firstRow ? rows + Int(id &- firstRow) &* dimensions : table.row(id)
  }

  /// Adds the worker's changes to the shared rows and copies them back.
  package func sync(with table: EmbeddingTable) {
    windowsSinceSync = 0
    guard rowCount > 0 else { return }
    let shared = table.row(firstRow)
    let count = rowCount * dimensions
    var index = 0
    while index &+ 8 <= count {
      let offset = index &* 4
      let theirs = UnsafeRawPointer(shared).loadUnaligned(
        fromByteOffset: offset, as: SIMD8<Float>.self)
      let old = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
      let mine = UnsafeRawPointer(rows).loadUnaligned(
        fromByteOffset: offset, as: SIMD8<Float>.self)
      let sum = (theirs + (mine - old)).replacing(with: mine, where: theirs .== old)
      UnsafeMutableRawPointer(shared).storeBytes(
        of: sum, toByteOffset: offset, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(rows).storeBytes(of: sum, toByteOffset: offset, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(base).storeBytes(of: sum, toByteOffset: offset, as: SIMD8<Float>.self)
      index &+= 8
    }
    while index < count {
      let (theirs, old, mine) = (shared[index], base[index], rows[index])
      let sum = theirs == old ? mine : theirs + (mine - old)
      (shared[index], rows[index], base[index]) = (sum, sum, sum)
      index &+= 1
    }
  }
}
