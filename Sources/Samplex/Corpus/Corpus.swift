/// Text that training and counting read: one file or standard input (`TextSource`), or several
/// files read as one corpus (`CorpusFiles`).
public protocol Corpus: Sendable {
  /// The corpus as the user named it, for messages.
  var path: String { get }

  /// Whether the text can be read again (files, not standard input or a pipe).
  var isSeekable: Bool { get }

  /// A reader of the whole text from its beginning. Standard input can be read only once.
  func sequentialReader() throws(CorpusError) -> any ByteSource

  /// Whether every pass gives each of `workers` workers the same part of the text, so that a
  /// worker's place in its part can be saved and gone back to.
  func givesFixedShards(workers: Int) throws(CorpusError) -> Bool

  /// Runs `body` once for each of `workers` workers, in parallel, each with a reader of its own
  /// part of the text; together the parts are the whole text, every line exactly once. Where
  /// the parts are fixed (`givesFixedShards`), worker `w`'s part comes before worker `w + 1`'s,
  /// so that counts merged in worker order are those of one pass.
  /// - Throws: the first error any reader or `body` raised.
  func readInParallel(
    workers: Int, _ body: @Sendable (_ worker: Int, _ reader: inout any ByteSource) throws -> Void
  ) throws
}

extension TextSource: Corpus {}
