/// A tensor seen as (outer, classes, inner) around one axis, so that a softmax along any axis is
/// a loop over `outer × inner` rows of `classes` values with stride `inner`.
public struct AxisLayout: Sendable, Equatable {
  public let outer: Int
  public let classes: Int
  public let inner: Int

  /// The layout of `shape` around `axis` (negative counts from the end).
  public init(shape: [Int], axis: Int) {
    let resolved = axis < 0 ? shape.count + axis : axis
    precondition(
      shape.indices.contains(resolved), "axis \(axis) is outside a rank-\(shape.count) tensor")
    outer = shape[..<resolved].reduce(1, *)
    classes = shape[resolved]
    inner = shape[(resolved + 1)...].reduce(1, *)
  }

  public init(outer: Int, classes: Int, inner: Int) {
    self.outer = outer
    self.classes = classes
    self.inner = inner
  }

  /// Rows: `outer × inner`.
  public var rows: Int { outer * inner }

  /// The flat index of class `c` in row `row`.
  @inlinable
  public func index(row: Int, class c: Int) -> Int {
    let (o, i) = row.quotientAndRemainder(dividingBy: inner)
    return (o * classes + c) * inner + i
  }
}
