/// The buffers of `Kernels.windowUpdate`'s grouped form, allocated once per worker: each
/// context's deferred update (d floats a context), one group's six output rows and their
/// (contexts × 6) coefficients, and the zero row that pads the last group.
@_spi(Kernels) public struct WindowUpdateScratch {
  @_spi(Kernels) public let contextUpdates: UnsafeMutablePointer<Float>
  @_spi(Kernels) public let groupGradients: UnsafeMutablePointer<Float>
  @_spi(Kernels) public let groupRows: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
  @_spi(Kernels) public let zeroRow: UnsafeMutablePointer<Float>

  /// Buffers for windows of up to `maxContexts` context rows of `dimensions` floats.
  @_spi(Kernels) public init(maxContexts: Int, dimensions: Int) {
    contextUpdates = .allocate(capacity: maxContexts * dimensions)
    groupGradients = .allocate(capacity: maxContexts * 6)
    groupRows = .allocate(capacity: 6)
    zeroRow = .allocate(capacity: dimensions)
    zeroRow.initialize(repeating: 0, count: dimensions)
  }

  /// Frees the buffers; the scratch must not be used after.
  @_spi(Kernels) public func deallocate() {
    contextUpdates.deallocate()
    groupGradients.deallocate()
    groupRows.deallocate()
    zeroRow.deallocate()
  }
}
