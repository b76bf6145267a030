/// The counting pass of a training run, spooling as it counts: each token goes to its worker's
/// `VocabularyBuilder`, and its index there (plus one) to the worker's spool file, with 0 at the
/// end of each sentence that had a token.
///
/// The vocabulary does not exist yet, so the file holds table indices, not ids; once it is
/// built, `IDSpool` replays each index as its id (`VocabularyBuilder.spoolIDs(in:)`), and the
/// first epoch, like every later one, reads no text.
struct CountingSpoolingSink: SpoolingSink {
  var builder: VocabularyBuilder
  private var writer: IDSpoolWriter
  private var sentenceHasTokens = false

  var wrapped: VocabularyBuilder { builder }

  init(builder: VocabularyBuilder, file: IDSpoolFile) {
    self.builder = builder
    writer = IDSpoolWriter(file: file)
  }

  @inline(__always)
  mutating func consume(token: UnsafeRawBufferPointer) {
    writer.append(UInt32(truncatingIfNeeded: builder.index(counting: token)) &+ 1)
    sentenceHasTokens = true
  }

  mutating func endSentence() {
    if sentenceHasTokens { writer.append(0) }
    sentenceHasTokens = false
  }

  /// Writes what is left; returns whether the file holds the whole shard as indices that are
  /// still valid (no write failed, and the table was never pruned, which renumbers it).
  mutating func finish() -> Bool { writer.finish(whole: builder.pruneCount == 0) }
}
