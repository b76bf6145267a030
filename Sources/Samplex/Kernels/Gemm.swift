internal import CBLAS

/// Row-major single-precision matrix products through OpenBLAS: the only file that imports CBLAS.
@_spi(Kernels) public enum Gemm {
  /// Whether an operand is used as stored or transposed.
  @_spi(Kernels) public enum Layout: Sendable {
    case normal, transposed
  }

  /// `C = alpha · op(A) · op(B) + beta · C`, all row-major, with `op(A)` of shape (`rows`, `inner`)
  /// and `op(B)` of shape (`inner`, `columns`); `C` is (`rows`, `columns`).
  ///
  /// - Parameters:
  ///   - a: stored as (`rows`, `inner`), or (`inner`, `rows`) when `aLayout` is `.transposed`.
  ///   - b: stored as (`inner`, `columns`), or (`columns`, `inner`) when `bLayout` is `.transposed`.
  ///   - leadingA/B/C: row strides in elements; default: the stored row length.
  /// The corresponding C function is `cblas_sgemm`.
  @_spi(Kernels) public static func multiply(
    _ a: UnsafePointer<Float>, _ aLayout: Layout = .normal,
    by b: UnsafePointer<Float>, _ bLayout: Layout = .normal,
    into c: UnsafeMutablePointer<Float>,
    rows: Int, columns: Int, inner: Int, alpha: Float = 1, beta: Float = 0,
    leadingA: Int? = nil, leadingB: Int? = nil, leadingC: Int? = nil
  ) {
    let lda = leadingA ?? (aLayout == .normal ? inner : rows)
    let ldb = leadingB ?? (bLayout == .normal ? columns : inner)
    let ldc = leadingC ?? columns
    cblas_sgemm(
      CblasRowMajor,
      aLayout == .normal ? CblasNoTrans : CblasTrans,
      bLayout == .normal ? CblasNoTrans : CblasTrans,
      blas(rows), blas(columns), blas(inner), alpha, a, blas(lda), b, blas(ldb), beta, c, blas(ldc))
  }

  /// Sets how many threads OpenBLAS uses: 1 inside parallel workers, all cores for whole-matrix
  /// work. The corresponding C function is `openblas_set_num_threads`.
  @_spi(Kernels) public static func setThreadCount(_ count: Int) {
    openblas_set_num_threads(blas(count))
  }

  /// Ends OpenBLAS's idle worker threads. OpenBLAS starts them when it is loaded and keeps them
  /// spinning for about 2^28 cycles after start-up and after every threaded call; on a machine
  /// whose cores are hyperthreads of one another that spinning slows the thread doing the work
  /// (measured here: the single-threaded zstd vocabulary pass ran at 126 MB/s with them, 168
  /// without). OpenBLAS starts them again on the next call that needs them.
  /// The corresponding C function is `blas_thread_shutdown_`.
  @_spi(Kernels) public static func stopIdleThreads() {
    _ = blas_thread_shutdown_()
  }

  /// The name of the kernels OpenBLAS chose when it was loaded (from the CPU, or from
  /// `OPENBLAS_CORETYPE`), as `samplex step` reports it. The C function is `openblas_get_corename`.
  @_spi(Kernels) public static var kernelName: String {
    String(cString: openblas_get_corename())
  }

  private static func blas(_ value: Int) -> blasint {
    guard let converted = blasint(exactly: value) else {
      preconditionFailure("matrix dimension \(value) does not fit OpenBLAS's integer type")
    }
    return converted
  }
}
