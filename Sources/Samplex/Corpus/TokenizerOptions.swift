/// How text is cut into tokens and sentences.
public struct TokenizerOptions: Sendable, Equatable {
  /// Lowercase ASCII letters and, in tokens with other characters, every Unicode letter.
  public var lowercase: Bool
  /// Longer tokens are cut at a UTF-8 character boundary (word2vec's `MAX_STRING` is 100).
  public var maxTokenBytes: Int
  /// Longer sentences are split (word2vec's `MAX_SENTENCE_LENGTH` is 1000).
  public var maxSentenceTokens: Int

  public init(lowercase: Bool = false, maxTokenBytes: Int = 100, maxSentenceTokens: Int = 1000) {
    precondition(maxTokenBytes >= 4, "a token must have room for one UTF-8 character")
    precondition(maxSentenceTokens >= 1, "a sentence must have room for a token")
    self.lowercase = lowercase
    self.maxTokenBytes = maxTokenBytes
    self.maxSentenceTokens = maxSentenceTokens
  }
}
