/// The identity of one training run: drawn when the run begins, written into its `config.yaml`,
/// every checkpoint and every line of its metrics, so that a resume can tell the run's own
/// files from those of another run that shared the folder.
public struct RunID: Hashable, Sendable, CustomStringConvertible {
  public let value: UInt64

  public init(value: UInt64) { self.value = value }

  /// A new id from the system's random source: two runs drawing the same one is a 2^-64 event.
  public static func random() -> RunID {
    var generator = SystemRandomNumberGenerator()
    return RunID(value: generator.next())
  }

  /// The id written as `description` writes it (16 hexadecimal digits), or nil.
  public init?(_ text: String) {
    guard text.utf8.count == 16, let value = UInt64(text, radix: 16) else { return nil }
    self.value = value
  }

  /// 16 lowercase hexadecimal digits, zero-padded.
  public var description: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
