import Samplex
import Testing

/// Rows of floats as the kernels take them, each its own allocation, freed with the value: a
/// fast kernel and its reference each run on a copy of the same rows.
final class KernelRows {
  let pointers: [UnsafeMutablePointer<Float>]
  let length: Int

  /// `count` rows of `length` values in [−scale, scale], row r from seed `seed + r`.
  init(_ count: Int, length: Int, scale: Float = 1, seed: UInt64) {
    self.length = length
    pointers = (0..<count).map { r in
      let row = UnsafeMutablePointer<Float>.allocate(capacity: max(length, 1))
      row.initialize(
        from: randomValues(length, scale: scale, seed: seed &+ UInt64(r)), count: length)
      return row
    }
  }

  /// Rows holding the values that `other` holds now.
  init(copying other: KernelRows) {
    length = other.length
    pointers = other.pointers.map { source in
      let row = UnsafeMutablePointer<Float>.allocate(capacity: max(other.length, 1))
      row.initialize(from: source, count: other.length)
      return row
    }
  }

  /// Each row's values now.
  var values: [[Float]] { pointers.map { Array(UnsafeBufferPointer(start: $0, count: length)) } }

  deinit { pointers.forEach { $0.deallocate() } }
}

/// How far two orders of one float sum may end apart: each rounds each of `terms` additions
/// once, by at most 2^-24 of a partial sum, and no partial sum exceeds `magnitude` (the sum of
/// the terms' magnitudes), so the two differ by at most 2·terms·2^-24·magnitude.
func roundingBound(terms: Int, magnitude: Float) -> Float {
  Float(terms) * .ulpOfOne * magnitude
}

/// Expects each value of `fast` within `tolerance` of the same value of `reference` (a NaN
/// never is), naming the first that is not.
func expectAgreement(
  _ fast: [[Float]], _ reference: [[Float]], within tolerance: Float, _ what: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(fast.map(\.count) == reference.map(\.count), "\(what): sizes")
  for (row, (a, b)) in zip(fast, reference).enumerated() {
    let outside = a.indices.filter { !(abs(a[$0] - b[$0]) <= tolerance) }
    if let first = outside.first {
      let message =
        "\(what) row \(row): \(outside.count) values differ by more than \(tolerance), first "
        + "[\(first)]: fast \(a[first]), reference \(b[first])"
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
  }
}
