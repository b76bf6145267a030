@_spi(Kernels) import Samplex
import Testing

@Suite struct DotBlockTests {
  /// Every (row, column) of odd and even block shapes and lengths with and without an 8-lane
  /// tail, with the first column listed again at the end (a candidate equal to the centre), is
  /// the reference's; and `dotRow` on the first row is too. A dot product of d terms of
  /// magnitude ≤ 1 summed in two orders: within `roundingBound(d, d)`.
  @Test(arguments: [
    (1, 1, 8), (2, 4, 100), (5, 7, 100), (3, 6, 13), (4, 65, 101), (1, 6, 100), (1, 5, 7),
    (1, 3, 100), (1, 4, 9), (1, 9, 17), (1, 6, 13), (1, 6, 24), (1, 13, 101), (1, 6, 3),
    (10, 6, 100),
  ])
  func everyDotIsTheReference(shape: (rows: Int, columns: Int, length: Int)) {
    let (m, d) = (shape.rows, shape.length)
    let rows = KernelRows(m, length: d, seed: 10)
    let table = KernelRows(shape.columns, length: d, seed: 100)
    let columns = table.pointers + [table.pointers[0]]
    let n = columns.count
    let tolerance = roundingBound(terms: d, magnitude: Float(d))
    var fast = [Float](repeating: .nan, count: m * n)
    var reference = [Float](repeating: .nan, count: m * n)
    Kernels.dotBlock(
      rows: rows.pointers, rowCount: m, columns: columns, columnCount: n, count: d, into: &fast)
    Kernels.dotBlockReference(
      rows: rows.pointers, rowCount: m, columns: columns, columnCount: n, count: d,
      into: &reference)
    expectAgreement([fast], [reference], within: tolerance, "dotBlock")
    var fastRow = [Float](repeating: .nan, count: n)
    var referenceRow = [Float](repeating: .nan, count: n)
    Kernels.dotRow(rows.pointers[0], columns: columns, columnCount: n, count: d, into: &fastRow)
    Kernels.dotRowReference(
      rows.pointers[0], columns: columns, columnCount: n, count: d, into: &referenceRow)
    expectAgreement([fastRow], [referenceRow], within: tolerance, "dotRow")
  }

  /// The reference is the formula: (1, 2, 3)·(4, −5, 6) = 4 − 10 + 18 = 12, and a row against
  /// itself is its squared length, 14.
  @Test func theReferenceIsTheFormula() {
    let rows = KernelRows(2, length: 3, seed: 0)
    rows.pointers[0].update(from: [1, 2, 3], count: 3)
    rows.pointers[1].update(from: [4, -5, 6], count: 3)
    var out = [Float](repeating: .nan, count: 2)
    Kernels.dotBlockReference(
      rows: rows.pointers, rowCount: 1, columns: rows.pointers, columnCount: 2, count: 3,
      into: &out)
    #expect(out == [14, 12])
  }
}
