/// Where a token first appeared in a corpus counted in consecutive parts: its part (a worker's
/// shard, 0 for one pass), then its order of first appearance within the part. Ordered as the
/// corpus is, so that a spilled count breaks ties as a table's first-appearance indices do.
struct FirstAppearance: Comparable, Sendable {
  var part: UInt32
  var order: UInt64

  static func < (a: FirstAppearance, b: FirstAppearance) -> Bool {
    (a.part, a.order) < (b.part, b.order)
  }
}
