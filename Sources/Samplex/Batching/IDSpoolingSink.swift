/// A `SentenceIDSink` that also writes every vocabulary id it is given, and each end of a
/// sentence that had one, to its worker's spool file: what the sink sees before subsampling, so
/// that replaying the file gives the same sentences, held-out choices and draws as the text.
///
/// Encoding: each id as `id + 1` in LEB128 (seven bits a byte, low bits first; ids are
/// frequency-sorted, so half of a corpus's tokens take one byte), and 0 for a sentence's end.
/// Sentences without a vocabulary word are left out: the sink ignores their ends anyway.
struct IDSpoolingSink<Consumer: SentenceConsumer>: SpoolingSink {
  var sink: SentenceIDSink<Consumer>
  private var writer: IDSpoolWriter
  private var sentenceHasIDs = false

  init(sink: SentenceIDSink<Consumer>, spool: IDSpool, worker: Int) {
    self.sink = sink
    writer = IDSpoolWriter(spool: spool, worker: worker)
  }

  var wantsMore: Bool { sink.wantsMore }
  var wrapped: SentenceIDSink<Consumer> { sink }

  @inline(__always)
  mutating func consume(token: UnsafeRawBufferPointer) {
    let id = sink.vocabulary.id(of: token)
    if id < 0 { return }
    writer.append(UInt32(bitPattern: id) &+ 1)
    sentenceHasIDs = true
    sink.consume(id: id)
  }

  mutating func endSentence() {
    if sentenceHasIDs { writer.append(0) }
    sentenceHasIDs = false
    sink.endSentence()
  }

  /// Writes what is left; the file can be replayed when every write succeeded and the sink
  /// wanted all of the shard.
  mutating func finish() { writer.finish(whole: sink.wantsMore) }
}
