/// A small open-addressing set of ids over caller-provided slots (all -1 at first), for drawing
/// distinct candidates: no `Set<Int32>` hashing or allocation per candidate.
@usableFromInline
struct DistinctIDSet {
  @usableFromInline let slots: UnsafeMutableBufferPointer<Int32>
  @usableFromInline let mask: Int

  /// - Precondition: `slots.count` is a power of two larger than the number of ids to insert.
  @inlinable
  init(slots: UnsafeMutableBufferPointer<Int32>) {
    self.slots = slots
    mask = slots.count - 1
  }

  /// Adds `id`; returns whether it was new.
  @inlinable @inline(__always)
  mutating func insert(_ id: Int32) -> Bool {
    var slot = Int(truncatingIfNeeded: UInt32(bitPattern: id) &* 0x9E37_79B1) & mask
    while true {
      let stored = slots[slot]
      if stored == id { return false }
      if stored < 0 {
        slots[slot] = id
        return true
      }
      slot = (slot &+ 1) & mask
    }
  }
}
