import CPrefetch

extension Kernels {
  /// Starts bringing a row of `count` floats into cache (for writing) without waiting for it.
  @inline(__always)
  @_spi(Kernels) public static func prefetch(_ row: UnsafeMutablePointer<Float>, count: Int) {
    samplex_prefetch_range(row, count &* MemoryLayout<Float>.stride)
  }

  /// Starts bringing the cache line of `pointer` into cache without waiting for it.
  @inline(__always)
  @_spi(Kernels) public static func prefetch<T>(_ pointer: UnsafeMutablePointer<T>) {
    samplex_prefetch_range(pointer, 1)
  }
}
