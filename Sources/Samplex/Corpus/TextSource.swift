import Foundation

/// A corpus to read: a plain text file, a zstd-compressed file (known by its magic bytes, not
/// its name; one frame or many), or standard input (`-`), plain or compressed.
///
/// Reading is streaming in fixed buffers, so memory does not grow with the corpus.
public struct TextSource: Sendable {
  /// How the bytes are stored.
  public enum Format: String, Sendable, CaseIterable { case plain, zstd }

  /// The path as given (`-` for standard input).
  public let path: String
  public let format: Format
  let file: OpenFile
  /// Bytes already taken from standard input to look for the zstd magic number.
  private let peeked: [UInt8]
  /// Which of several processes' consecutive parts of the file this source reads
  /// (`part(_:of:)`); nil: all of it.
  let processPart: (index: Int, count: Int)?

  /// Opens `path` (or standard input for `-`) and recognizes its format.
  /// - Throws: `CorpusError` when the input is missing, a directory or unreadable.
  public init(path: String) throws(CorpusError) {
    self.path = path
    file = try OpenFile(path: path)
    var reader = FileRangeReader(file: file)
    let head = try reader.readBytes(count: 4)
    peeked = file.isRegularFile ? [] : head
    format = head.withUnsafeBytes { ZstdFrameIndex.looksLikeZstd($0) } ? .zstd : .plain
    processPart = nil
  }

  private init(_ whole: TextSource, processPart: (index: Int, count: Int)) {
    path = whole.path
    format = whole.format
    file = whole.file
    peeked = whole.peeked
    self.processPart = processPart
  }

  /// Whether the text splits into fixed parts (a plain file, or a `.zst` of several frames),
  /// so that several processes can each read one.
  public var splitsIntoParts: Bool {
    get throws(CorpusError) {
      guard case .queue = try ShardPlan(source: self, workers: 2) else { return true }
      return false
    }
  }

  /// The part `index` of `count` consecutive parts of this file, for one of `count` processes
  /// training together: its workers split that part as a source's workers split the whole
  /// (`ShardPlan` cuts the file into `count` × workers parts, and this process's workers read
  /// the `index`-th run of them), and `sequentialReader()` reads that part alone.
  public func part(_ index: Int, of count: Int) -> TextSource {
    precondition(processPart == nil && (0..<count).contains(index), "a part of the whole file")
    return TextSource(self, processPart: (index, count))
  }

  /// Whether the text can be read again (a file, not standard input or a pipe).
  public var isSeekable: Bool { file.isRegularFile }

  /// A reader of the whole text from its beginning. Standard input can be read only once.
  public func sequentialReader() throws(CorpusError) -> any ByteSource {
    if processPart != nil {
      // One worker's share of this process's part is all of the part.
      return try ShardPlan(source: self, workers: 1).reader(for: 0, of: self)
    }
    let raw: any ByteSource =
      peeked.isEmpty
      ? FileRangeReader(file: file)
      : PrefixedSource(prefix: peeked, rest: FileRangeReader(file: file))
    switch format {
    case .plain: return raw
    case .zstd: return try ZstdReader(compressed: raw, path: path)
    }
  }

  /// Whether every pass gives each of `workers` workers the same part of the corpus (byte
  /// ranges, frames, or all of it for one worker), so that a worker's place in its part can be
  /// saved and gone back to. Blocks handed out by one reader (stdin, a single-frame .zst) go to
  /// whichever worker is free.
  public func givesFixedShards(workers: Int) throws(CorpusError) -> Bool {
    if workers == 1 { return true }
    if case .queue = try ShardPlan(source: self, workers: workers) { return false }
    return true
  }

  /// Runs `body` once for each of `workers` workers, in parallel, each with a reader of its own
  /// part of the text. Together the parts are the whole text, every line exactly once:
  /// - a plain file splits into byte ranges that begin at line starts, or between tokens inside
  ///   a line too long to keep whole (`ShardBoundary`);
  /// - a `.zst` of several frames splits by frames (each worker decompresses its own);
  /// - anything else is read by one extra thread that hands whole-line blocks to the workers.
  ///
  /// - Throws: the first error any reader or `body` raised.
  public func readInParallel(
    workers: Int, _ body: @Sendable (_ worker: Int, _ reader: inout any ByteSource) throws -> Void
  ) throws {
    precondition(workers > 0, "at least one worker is needed")
    let plan = try ShardPlan(source: self, workers: workers)
    let queue: BlockQueue? = if case .queue(let queue) = plan { queue } else { nil }
    let source = self
    try ParallelRead.run(
      workers: workers, queue: queue, path: path,
      sequential: { () throws(CorpusError) in try source.sequentialReader() },
      reader: { worker throws(CorpusError) in try plan.reader(for: worker, of: source) }, body)
  }
}

/// A few bytes already read (to recognize a format), then the rest of the stream.
struct PrefixedSource<Rest: ByteSource>: ByteSource {
  var prefix: [UInt8]
  var rest: Rest
  private var position = 0

  init(prefix: [UInt8], rest: Rest) {
    self.prefix = prefix
    self.rest = rest
  }

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
    if position < prefix.count {
      let count = min(buffer.count, prefix.count - position)
      for index in 0..<count { buffer[index] = prefix[position + index] }
      position += count
      return count
    }
    return try rest.read(into: buffer)
  }
}
