/// Receives the tokens and sentence ends a `Tokenizer` finds.
///
/// The tokenizer is generic over its sink, so the per-token call is specialized and inlined.
public protocol TokenSink {
  /// One token's bytes, valid only for the duration of the call.
  mutating func consume(token: UnsafeRawBufferPointer)
  /// The end of a sentence (a line, or a slice of a line longer than the sentence limit).
  mutating func endSentence()
  /// Whether the sink still wants input: `TokenStream` stops reading, at its next chunk, once
  /// it is false (a run stopped or out of time need not read the rest of its shard).
  var wantsMore: Bool { get }
}

extension TokenSink {
  public var wantsMore: Bool { true }
}
