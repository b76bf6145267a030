/// The bytes that shape corpus text, shared by everything that cuts it: the `Tokenizer` ends a
/// sentence at `newline` and a token at any `isWhitespace` byte, and the readers that divide a
/// corpus among workers (`ShardBoundary`, `LineAlignedShard`, `BlockFeeder`,
/// `ConcatenatedSource`) cut at the same bytes, so that a cut never changes the tokens.
@usableFromInline enum TextBytes {
  /// The byte that ends a line, and so a sentence.
  @usableFromInline static let newline: UInt8 = 0x0A

  /// Bit `b` is set for each ASCII whitespace byte `b` ≤ 32: tab, newline, vertical tab, form
  /// feed, carriage return and space.
  @usableFromInline static let whitespaceMask: UInt64 =
    1 << 9 | 1 << 10 | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 32

  /// Whether `byte` separates tokens.
  @inline(__always) @usableFromInline
  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte <= 32 && (whitespaceMask >> UInt64(byte)) & 1 == 1
  }
}
