/// The counting pass of a training run, spooling as it counts: each token goes to a
/// `VocabularyBuilder`, and its index there (plus one) to a spool file, with 0 at the end of
/// each sentence that had a token.
///
/// The vocabulary does not exist yet, so the files hold table indices, not ids; once it is
/// built, `IDSpool` replays each index as its id (`VocabularyBuilder.spoolIDs(in:)`), and the
/// first epoch, like every later one, reads no text.
///
/// With one file, the sink spools one worker's shard. With several, one sink reads the whole
/// corpus (standard input, a single-frame `.zst`: text that only one reader can read in order)
/// and deals it out: whole sentences to one file until it has `tokensPerTurn` tokens more, then
/// to the next, round and round, so that each worker replays a shard of about equal size.
///
/// Once the table spills or prunes, its indices are renumbered and no file of the pass can be
/// replayed: the sink empties its files and counts on without writing, rather than writing
/// them to the pass's end for the pass to drop (about 2.5 bytes a token).
struct CountingSpoolingSink: SpoolingSink {
  var builder: VocabularyBuilder
  private var writers: [IDSpoolWriter]
  private var current = 0
  private var tokensThisTurn = 0
  private let tokensPerTurn: Int
  private var sentenceHasTokens = false
  /// Whether the files are still written: until the table first spills or prunes.
  private var spooling = true

  var wrapped: VocabularyBuilder { builder }

  init(builder: VocabularyBuilder, writers: [IDSpoolWriter], tokensPerTurn: Int = 1 << 16) {
    precondition(!writers.isEmpty, "at least one file is needed")
    self.builder = builder
    self.writers = writers
    self.tokensPerTurn = tokensPerTurn
  }

  @inline(__always)
  mutating func consume(token: UnsafeRawBufferPointer) {
    let index = builder.index(counting: token)
    guard spooling else { return }
    writers[current].append(UInt32(truncatingIfNeeded: index) &+ 1)
    tokensThisTurn &+= 1
    sentenceHasTokens = true
  }

  mutating func endSentence() {
    guard sentenceHasTokens else { return }
    sentenceHasTokens = false
    // Checked at a sentence's end rather than at every token: a branch a sentence, and the
    // files are emptied whole, whatever the spill's token already wrote.
    guard builder.tableHoldsEveryToken else {
      spooling = false
      for index in writers.indices { writers[index].drop() }
      return
    }
    writers[current].append(0)
    if tokensThisTurn >= tokensPerTurn {
      current = current + 1 == writers.count ? 0 : current + 1
      tokensThisTurn = 0
    }
  }

  /// Writes what is left; the files can be replayed when every write succeeded and the table
  /// was never pruned or spilled (either renumbers it).
  mutating func finish() {
    for index in writers.indices { writers[index].finish(whole: builder.tableHoldsEveryToken) }
  }
}
