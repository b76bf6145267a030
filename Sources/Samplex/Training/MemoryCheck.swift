/// Sizes a command is about to allocate, checked against the memory it can still have
/// (`AvailableMemory`) before the allocation: one past it aborts the process, where this gives
/// one sentence. A flag can ask for any size, so sizes are computed without overflow (nil when
/// they would).
package enum MemoryCheck {
  /// Refuses `bytes` (nil: past what an Int holds) of `what` when they are more than can be
  /// allocated; `remedy` says which flags to lower.
  /// - Throws: `MemoryError`.
  package static func require(_ bytes: Int?, for what: String, remedy: String) throws(MemoryError) {
    guard let available = AvailableMemory.bytes() else { return }
    guard let bytes, bytes <= available else {
      throw MemoryError(what: what, bytes: bytes, available: available, remedy: remedy)
    }
  }

  /// The product, or nil when it overflows.
  package static func product(_ factors: Int...) -> Int? { product(factors) }

  /// The product of `factors`, or nil when it overflows.
  package static func product(_ factors: [Int]) -> Int? {
    var result = 1
    for factor in factors {
      let (value, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      result = value
    }
    return result
  }

  /// The sum, or nil when a term is nil or it overflows.
  package static func sum(_ terms: [Int?]) -> Int? {
    var result = 0
    for term in terms {
      guard let term else { return nil }
      let (value, overflow) = result.addingReportingOverflow(term)
      if overflow { return nil }
      result = value
    }
    return result
  }
}
