/// The plain loops that `dotBlock` and `dotRow` must agree with, for the tests and the
/// benchmarks: one `dotReference` per (row, column) pair.
extension Kernels {
  /// out[j·n + k] = Σ_i rows[j][i]·columns[k][i] for j < `rowCount`, k < n, i < d.
  @_spi(Kernels) public static func dotBlockReference(
    rows: UnsafePointer<UnsafeMutablePointer<Float>>, rowCount: Int,
    columns: UnsafePointer<UnsafeMutablePointer<Float>>, columnCount n: Int,
    count d: Int, into out: UnsafeMutablePointer<Float>
  ) {
    for j in 0..<rowCount {
      dotRowReference(rows[j], columns: columns, columnCount: n, count: d, into: out + j * n)
    }
  }

  /// out[k] = Σ_i row[i]·columns[k][i] for k < n, i < d.
  @_spi(Kernels) public static func dotRowReference(
    _ row: UnsafeMutablePointer<Float>, columns: UnsafePointer<UnsafeMutablePointer<Float>>,
    columnCount n: Int, count d: Int, into out: UnsafeMutablePointer<Float>
  ) {
    for k in 0..<n { out[k] = dotReference(row, columns[k], count: d) }
  }
}
