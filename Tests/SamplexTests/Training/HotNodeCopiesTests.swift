import Samplex
import Testing

@Suite struct HotNodeCopiesTests {
  /// A table of `rows` rows of `d` floats, row r holding r + i/100 at element i.
  private func table(rows: Int, dimensions d: Int) -> EmbeddingTable {
    let table = EmbeddingTable(rows: rows, dimensions: d)
    table.withValues { values in
      for r in 0..<rows { for i in 0..<d { values[r * d + i] = Float(r) + Float(i) / 100 } }
    }
    return table
  }

  /// The copies are the last rows of the tree's inner nodes (ids by rising count); a row below
  /// them is the shared row itself, and a tree with fewer inner nodes is copied whole.
  @Test func theCopiesAreTheLastInnerNodes() {
    let shared = table(rows: 10, dimensions: 9)
    let copies = HotNodeCopies(table: shared, innerNodes: 9, count: 3)
    #expect(copies.firstRow == 6 && copies.rowCount == 3)
    #expect(copies.row(5, of: shared) == shared.row(5))
    #expect(copies.row(6, of: shared) != shared.row(6))
    #expect(
      Array(UnsafeBufferPointer(start: copies.row(8, of: shared), count: 9))
        == Array(UnsafeBufferPointer(start: shared.row(8), count: 9)))
    let whole = HotNodeCopies(table: shared, innerNodes: 4, count: 127)
    #expect(whole.firstRow == 0 && whole.rowCount == 4)
  }

  /// Alone, a worker's sync leaves the shared rows equal to its copies bit for bit (values for
  /// which base + (mine − base) rounds elsewhere included), and a change reaches the shared row
  /// only at the sync.
  @Test func oneWorkersSyncCopiesItsRowsExactly() {
    let shared = table(rows: 5, dimensions: 11)
    let copies = HotNodeCopies(table: shared, innerNodes: 4, count: 2)
    let row = copies.row(3, of: shared)
    for i in 0..<11 { row[i] = 0.1 + Float(i) * 1e-7 }
    #expect(shared.row(3)[0] == 3)
    copies.sync(with: shared)
    #expect((0..<11).allSatisfy { shared.row(3)[$0] == 0.1 + Float($0) * 1e-7 })
    // 3 + (0.1 − 3) is not 0.1 in floats: the exact copy is not the sum.
    #expect(Float(3) + (Float(0.1) - Float(3)) != Float(0.1))
    #expect(copies.windowsSinceSync == 0)
  }

  /// Two workers' copies of the same row: each sync adds that worker's change to what the
  /// shared row holds then, so both changes land, and each copy takes the sum.
  @Test func twoWorkersChangesAddUp() {
    let shared = table(rows: 3, dimensions: 17)
    let first = HotNodeCopies(table: shared, innerNodes: 2, count: 2)
    let second = HotNodeCopies(table: shared, innerNodes: 2, count: 2)
    for i in 0..<17 {
      first.row(1, of: shared)[i] += 0.5
      second.row(1, of: shared)[i] += 0.25
    }
    first.sync(with: shared)
    second.sync(with: shared)
    let expected = (0..<17).map { Float(1) + Float($0) / 100 + 0.75 }
    let tolerance: Float = 4 * Float.ulpOfOne * 2
    #expect((0..<17).allSatisfy { abs(shared.row(1)[$0] - expected[$0]) <= tolerance })
    #expect((0..<17).allSatisfy { second.row(1, of: shared)[$0] == shared.row(1)[$0] })
    // The first copy took the sum as it was at its sync: the second's change comes next time.
    #expect(abs(first.row(1, of: shared)[0] - 1.5) <= tolerance)
    first.sync(with: shared)
    #expect(first.row(1, of: shared)[0] == shared.row(1)[0])
  }
}
