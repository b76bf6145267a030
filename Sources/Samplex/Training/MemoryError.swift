/// An allocation refused before it was tried (`MemoryCheck`): what needed how much, and what to
/// lower.
public struct MemoryError: Error, CustomStringConvertible, Equatable, Sendable {
  public let what: String
  /// nil: more than an Int holds.
  public let bytes: Int?
  public let available: Int
  public let remedy: String

  public var description: String {
    let needs = bytes.map { "needs \($0 / 1_000_000) MB" } ?? "needs more bytes than 64 bits count"
    return
      "allocating \(what) \(needs) but only \(available / 1_000_000) MB of memory is available; \(remedy)."
  }
}
