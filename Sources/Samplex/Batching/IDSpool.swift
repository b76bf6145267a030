import Synchronization

/// The corpus as each worker's vocabulary ids, written to temporary files (in `$TMPDIR`, else
/// `/var/tmp`) in the first whole pass and read back in later ones, so that only one epoch
/// pays for reading, decompressing, tokenizing and looking up the text (word2vec and gensim do
/// all of it every epoch).
///
/// Memory stays constant: each worker streams its file through a fixed buffer. On disk the ids
/// take about 1.5 bytes a token, less than the text. Replaying gives the sink the same ids and
/// sentence ends, so training is bit for bit what reading the text gives. A file that could not
/// be written whole (a full disk, a pass stopped early) is dropped and the text read again.
public final class IDSpool: Sendable {
  private let files: [IDSpoolFile]
  /// Which workers' files hold their whole shard.
  private let whole: Mutex<[Bool]>

  /// Spool files for `workers` workers in `directory`, or nil when they cannot be created.
  public init?(workers: Int, directory: String = IDSpoolFile.defaultDirectory) {
    var files: [IDSpoolFile] = []
    for _ in 0..<workers {
      guard let file = IDSpoolFile(directory: directory) else { return nil }
      files.append(file)
    }
    self.files = files
    whole = Mutex([Bool](repeating: false, count: workers))
  }

  public var workers: Int { files.count }

  /// Whether every worker's shard is spooled whole, so that a pass can replay it.
  public var isComplete: Bool { whole.withLock { $0.allSatisfy { $0 } } }

  /// A sink that writes worker `worker`'s ids while passing them to `sink`; its previous file
  /// is dropped.
  func spooling<Consumer>(_ sink: SentenceIDSink<Consumer>, worker: Int) -> IDSpoolingSink<
    Consumer
  > {
    whole.withLock { $0[worker] = false }
    return IDSpoolingSink(sink: sink, file: files[worker])
  }

  /// Records how worker `worker`'s spooling ended (`IDSpoolingSink.finish()`).
  func finished(worker: Int, whole isWhole: Bool) {
    whole.withLock { $0[worker] = isWhole }
  }

  /// Replays worker `worker`'s file into `sink`: each id to `consume(id:)`, each 0 to
  /// `endSentence()`, stopping at a buffer's end once the sink wants no more.
  /// - Throws: `CorpusError.spoolUnreadable` when the file cannot be read back, or holds an
  ///   id past the vocabulary (a disk that changed it): never an id out of the tables' bounds.
  func replay<Consumer>(worker: Int, into sink: inout SentenceIDSink<Consumer>) throws(CorpusError)
  {
    let file = files[worker]
    let size = IDSpoolingSink<Consumer>.bufferSize
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    defer { buffer.deallocate() }
    let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
    let idLimit = UInt32(sink.vocabulary.count)
    var offset = 0
    // An id cut by a buffer's end goes on in the next.
    var value: UInt32 = 0
    var shift: UInt32 = 0
    while sink.wantsMore {
      let count = try file.read(at: offset, into: buffer)
      if count == 0 { break }
      offset += count
      for index in 0..<count {
        let byte = bytes[index]
        value |= UInt32(byte & 0x7F) << shift
        if byte & 0x80 != 0 {
          shift &+= 7
          continue
        }
        if value == 0 {
          sink.endSentence()
        } else if value <= idLimit {
          sink.consume(id: Int32(bitPattern: value &- 1))
        } else {
          throw .spoolUnreadable(reason: "id \(value - 1) at byte \(offset - count + index)")
        }
        value = 0
        shift = 0
      }
    }
  }

  /// Runs `body` once for each worker, in parallel, as `TextSource.readInParallel` does for text.
  /// - Throws: the first error any `body` raised.
  func replayInParallel(_ body: @Sendable (_ worker: Int) throws -> Void) throws {
    try ConcurrentWorkers.run(workers, body)
  }
}
