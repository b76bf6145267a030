/// What a `Tokenizer` saw: the figures `samplex vocab` reports.
public struct TokenizerStatistics: Sendable, Equatable {
  public var bytes = 0
  public var tokens = 0
  public var sentences = 0
  /// Tokens with bytes that are not valid UTF-8; each bad sequence became U+FFFD.
  public var invalidUTF8Tokens = 0
  /// Tokens cut to `maxTokenBytes`.
  public var truncatedTokens = 0
  /// Lines split because they had more than `maxSentenceTokens` tokens.
  public var splitSentences = 0

  public init() {}

  /// Adds another worker's figures.
  public mutating func merge(_ other: TokenizerStatistics) {
    bytes += other.bytes
    tokens += other.tokens
    sentences += other.sentences
    invalidUTF8Tokens += other.invalidUTF8Tokens
    truncatedTokens += other.truncatedTokens
    splitSentences += other.splitSentences
  }
}
