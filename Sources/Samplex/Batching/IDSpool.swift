import Synchronization

/// The corpus as each worker's vocabulary ids, written to temporary files (in `$TMPDIR`, else
/// `/var/tmp`) and read back by the epochs, so that the text is read, decompressed and
/// tokenized once (word2vec and gensim do all of it every epoch).
///
/// A training run's counting pass writes the files (`CountingSpoolingSink`), each token as its
/// index in its worker's counting table, since no ids exist yet; `useIDs(_:)` then gives the id
/// of each index, and every epoch replays the files. Where the counting pass's files cannot be
/// used (its table was pruned or spilled, either of which renumbers it), the first epoch that
/// reads the whole text writes them again, as ids.
///
/// Memory stays constant: each worker streams its file through a fixed buffer. On disk a token
/// takes about 1.5 bytes, less than the text. Replaying gives the sink the same ids and
/// sentence ends, so training is bit for bit what reading the text gives. A file that could not
/// be written whole (a full disk, a pass stopped early) is dropped and the text read again.
public final class IDSpool: Sendable {
  private let files: [UnlinkedFile]
  /// Which workers' files hold their whole shard.
  private let whole: Mutex<[Bool]>
  /// For a file of table indices, each spooled value's id plus one (`VocabularyBuilder
  /// .spoolIDs(in:)`); nil for a file of ids.
  private let idsOfValues: Mutex<[[UInt32]?]>

  /// A spooled word the vocabulary left out (below `min_count`, or past `max_size`).
  static let unknown = UInt32.max

  /// Spool files for `workers` workers in `directory`, or nil when they cannot be created.
  package init?(workers: Int, directory: String = UnlinkedFile.defaultDirectory) {
    var files: [UnlinkedFile] = []
    for _ in 0..<workers {
      guard let file = UnlinkedFile(directory: directory) else { return nil }
      files.append(file)
    }
    self.files = files
    whole = Mutex([Bool](repeating: false, count: workers))
    idsOfValues = Mutex([[UInt32]?](repeating: nil, count: workers))
  }

  package var workers: Int { files.count }

  /// Whether every worker's shard is spooled whole, so that a pass can replay it.
  package var isComplete: Bool { whole.withLock { $0.allSatisfy { $0 } } }

  /// A sink that writes worker `worker`'s ids while passing them to `sink`; its previous file
  /// is dropped.
  func spooling<Consumer>(_ sink: SentenceIDSink<Consumer>, worker: Int) -> IDSpoolingSink<
    Consumer
  > {
    IDSpoolingSink(sink: sink, spool: self, worker: worker)
  }

  /// A sink that counts tokens into `builder` and writes their table indices to the files of
  /// `workers` (one worker's shard, or the whole corpus dealt out to all); their previous files
  /// are dropped.
  func counting(_ builder: VocabularyBuilder, workers: [Int]) -> CountingSpoolingSink {
    CountingSpoolingSink(
      builder: builder, writers: workers.map { IDSpoolWriter(spool: self, worker: $0) })
  }

  /// Worker `worker`'s file, for an `IDSpoolWriter` to write from its start: until the writer
  /// finishes, the file is not whole and holds ids.
  func startWriting(worker: Int) -> UnlinkedFile {
    whole.withLock { $0[worker] = false }
    idsOfValues.withLock { $0[worker] = nil }
    return files[worker]
  }

  /// Tokenizes `reader` into `sink`: without a spool directly, with one through the spooling
  /// sink `spooling` wraps around it, which records how its files came out.
  static func tokenize<Spooling: SpoolingSink>(
    _ reader: inout any ByteSource, options: TokenizerOptions, into sink: inout Spooling.Wrapped,
    spool: IDSpool?, through spooling: (IDSpool, Spooling.Wrapped) -> Spooling
  ) throws(CorpusError) -> TokenizerStatistics {
    guard let spool else { return try TokenStream.tokenize(&reader, options: options, into: &sink) }
    var spoolingSink = spooling(spool, sink)
    let statistics = try TokenStream.tokenize(&reader, options: options, into: &spoolingSink)
    spoolingSink.finish()
    sink = spoolingSink.wrapped
    return statistics
  }

  /// Records how worker `worker`'s file came out (`IDSpoolWriter.finish(whole:)`).
  func finished(worker: Int, whole isWhole: Bool) {
    whole.withLock { $0[worker] = isWhole }
  }

  /// Gives the id of each table index the counting pass spooled, one list per worker
  /// (`VocabularyBuilder.spoolIDs(in:)` of that worker's table).
  func useIDs(_ ids: [[UInt32]]) {
    precondition(ids.count == workers, "one list of ids per worker")
    idsOfValues.withLock { $0 = ids }
  }

  /// Drops every file: the counting pass that wrote them is not the one the run uses.
  func discard() {
    for worker in 0..<workers { startWriting(worker: worker).truncate() }
  }

  /// Replays worker `worker`'s file into `sink`: each id (a table index as its id; none for a
  /// word the vocabulary left out) to `consume(id:)`, each 0 to `endSentence()`, stopping at a
  /// buffer's end once the sink wants no more.
  /// - Throws: `CorpusError.spoolUnreadable` when the file cannot be read back, or holds a
  ///   value past the vocabulary or table (a disk that changed it): never an id out of the
  ///   tables' bounds.
  func replay<Consumer>(worker: Int, into sink: inout SentenceIDSink<Consumer>) throws(CorpusError)
  {
    let file = files[worker]
    let size = IDSpoolWriter.bufferSize
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    defer { buffer.deallocate() }
    let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    // A buffer's values, decoded first, so that each one's entry can be asked for a few
    // values before it is used: most of a replay's time went to waiting on those loads.
    let values = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: size)
    defer { values.deallocate() }
    let entries = Self.entries(
      idsOfValues: idsOfValues.withLock { $0[worker] }, keepThresholds: sink.keepThresholds)
    defer { entries.deallocate() }
    let valueLimit = UInt32(entries.count - 1)
    let ahead = 16
    var offset = 0
    // A value cut by a buffer's end goes on in the next.
    var value: UInt32 = 0
    var shift: UInt32 = 0
    while sink.wantsMore {
      let count: Int
      do { count = try file.read(at: offset, into: buffer) } catch {
        throw .spoolUnreadable(reason: error.reason)
      }
      if count == 0 { break }
      offset += count
      var decoded = 0
      for index in 0..<count {
        let byte = bytes[index]
        value |= UInt32(byte & 0x7F) << shift
        if byte & 0x80 != 0 {
          shift &+= 7
          continue
        }
        guard value <= valueLimit else {
          throw .spoolUnreadable(reason: "value \(value - 1) at byte \(offset - count + index)")
        }
        values[decoded] = value
        decoded &+= 1
        value = 0
        shift = 0
      }
      for index in 0..<decoded {
        if index &+ ahead < decoded {
          Kernels.prefetch(entries.baseAddress! + Int(values[index &+ ahead]))
        }
        let value = values[index]
        if value == 0 {
          sink.endSentence()
          continue
        }
        let entry = entries[Int(value)]
        let id = entry & Self.idMask
        if id != 0 {
          sink.consume(id: Int32(truncatingIfNeeded: id &- 1), keepThreshold: entry >> 31)
        }
      }
    }
  }

  private static let idMask: UInt64 = (1 << 31) - 1

  /// What a replay looks up for each spooled value `v` (1 and up): the word's id plus one in
  /// the low 31 bits (0: a word the vocabulary left out) and its subsampling threshold above
  /// them, so that a token costs one load where id and threshold took two dependent ones, both
  /// often cache misses (64% of the replay's samples in a profile were on those two loads).
  private static func entries(idsOfValues: [UInt32]?, keepThresholds: [UInt64])
    -> UnsafeMutableBufferPointer<UInt64>
  {
    let count = (idsOfValues?.count ?? keepThresholds.count + 1)
    let entries = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
    entries[0] = 0
    for value in 1..<count {
      let id = idsOfValues.map { $0[value] } ?? UInt32(value)
      if id == unknown {
        entries[value] = 0
      } else {
        precondition(
          Int(id) <= keepThresholds.count,
          "the spool's ids were made for a larger vocabulary than the sink's")
        entries[value] = keepThresholds[Int(id) - 1] << 31 | UInt64(id)
      }
    }
    return entries
  }

  /// Runs `body` once for each worker, in parallel, as `TextSource.readInParallel` does for text.
  /// - Throws: the first error any `body` raised.
  func replayInParallel(_ body: @Sendable (_ worker: Int) throws -> Void) throws {
    try ConcurrentWorkers.run(workers, body)
  }
}
