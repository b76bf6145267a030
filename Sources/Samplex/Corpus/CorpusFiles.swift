/// A corpus of one or more inputs read as one text: files, folders and glob patterns
/// (`CorpusPaths` lists their files), or standard input alone. The files are read in order,
/// each a plain or zstd file of its own (`TextSource`), as if they were one file in which each
/// file's last line ends with the file.
///
/// A parallel pass lays the workers' parts across the files as across one file of their total
/// text, each file weighed by the bytes of text it holds (a `.zst` by the decompressed size its
/// frames declare, `ZstdFrameIndex.estimatedContentSize`, not its size on disk), so that mixed
/// formats get even shares: the part boundaries an even split of the total puts inside a file
/// cut it as `ShardPlan` cuts a file (at line starts in plain text, at frames in a multi-frame
/// `.zst`, placed in proportion to the compressed bytes), and a part takes the files between
/// its boundaries whole. The parts are therefore fixed, and worker `w`'s comes before worker
/// `w + 1`'s, as with one file. Where a boundary falls inside a file that does not split in
/// place (a single-frame `.zst`), the whole corpus is instead dealt out in blocks by one reader,
/// as such a file is on its own.
public struct CorpusFiles: Corpus {
  /// The files, in reading order.
  public let sources: [TextSource]
  /// The arguments as given, for messages; the one file's path where they name one file.
  public let path: String
  /// For one of several processes training together: which of their consecutive parts of the
  /// corpus this one reads (`part(_:of:)`); nil for the whole corpus.
  private let processPart: (index: Int, count: Int)?

  /// Opens every file the arguments name, in order.
  /// - Throws: `CorpusError` naming the first argument that names nothing to read, or the first
  ///   file that cannot be opened.
  public init(_ arguments: [String]) throws(CorpusError) {
    precondition(!arguments.isEmpty, "a corpus needs at least one input")
    var sources: [TextSource] = []
    for file in try CorpusPaths.expand(arguments) { sources.append(try TextSource(path: file)) }
    self.sources = sources
    path = sources.count == 1 ? sources[0].path : arguments.joined(separator: " ")
    processPart = nil
  }

  private init(_ whole: CorpusFiles, processPart: (index: Int, count: Int)) {
    sources = whole.sources
    path = whole.path
    self.processPart = processPart
  }

  /// Whether the corpus splits into fixed parts, one per process: every file can be read again
  /// and splits in place (plain text, or a `.zst` of several frames), wherever a part's
  /// boundary falls.
  public var splitsIntoParts: Bool {
    get throws(CorpusError) {
      guard isSeekable else { return false }
      for source in sources where try !source.splitsIntoParts { return false }
      return true
    }
  }

  /// The part `index` of `count` consecutive parts of the corpus, for one of `count` processes
  /// training together, as `TextSource.part` is of one file: the parts are an even split of
  /// the files' total size as one file's are (`parts(count:)`), this process's workers read
  /// the `index`-th run of `count` × workers parts, and `sequentialReader()` reads its part
  /// alone. Both agree, as `ShardBoundary.evenCuts` puts every `workers`-th of `count` ×
  /// workers cuts where it puts the cuts of `count` parts. Only for a corpus that
  /// `splitsIntoParts`.
  public func part(_ index: Int, of count: Int) -> CorpusFiles {
    precondition(processPart == nil && (0..<count).contains(index), "a part of the whole corpus")
    return CorpusFiles(self, processPart: (index, count))
  }

  /// The files' formats in words: `plain` or `zstd` for one file, else the count and both.
  public var formats: String {
    guard sources.count > 1 else { return sources[0].format.rawValue }
    let formats = Set(sources.map(\.format))
    let kinds = TextSource.Format.allCases.filter(formats.contains).map(\.rawValue)
    return "\(sources.count) files, " + kinds.joined(separator: " and ")
  }

  public var isSeekable: Bool { sources.allSatisfy(\.isSeekable) }

  public func sequentialReader() throws(CorpusError) -> any ByteSource {
    if let processPart {
      return ConcatenatedSource(pieces: try processParts(workers: 1, of: processPart)[0])
    }
    guard sources.count > 1 else { return try sources[0].sequentialReader() }
    return ConcatenatedSource(pieces: sources.map(Self.whole))
  }

  public func givesFixedShards(workers: Int) throws(CorpusError) -> Bool {
    if processPart != nil { return true }
    guard sources.count > 1 else { return try sources[0].givesFixedShards(workers: workers) }
    if workers == 1 { return true }
    return try parts(count: workers) != nil
  }

  public func readInParallel(
    workers: Int, _ body: @Sendable (_ worker: Int, _ reader: inout any ByteSource) throws -> Void
  ) throws {
    precondition(workers > 0, "at least one worker is needed")
    let parts: [[ConcatenatedSource.Piece]]?
    if let processPart {
      parts = try processParts(workers: workers, of: processPart)
    } else {
      guard sources.count > 1 else {
        return try sources[0].readInParallel(workers: workers, body)
      }
      parts = try self.parts(count: workers)
    }
    let queue = parts == nil ? BlockQueue(capacity: 2 * workers) : nil
    let corpus = self
    try ParallelRead.run(
      workers: workers, queue: queue, path: path,
      sequential: { () throws(CorpusError) in try corpus.sequentialReader() },
      reader: { worker throws(CorpusError) in
        guard let parts else { return BlockQueueReader(queue: queue!) }
        return ConcatenatedSource(pieces: parts[worker])
      }, body)
  }

  /// The pieces of each of `workers` workers of the process part `part`: the `index`-th run of
  /// `workers` of the corpus's `count` × `workers` parts.
  private func processParts(workers: Int, of part: (index: Int, count: Int)) throws(CorpusError)
    -> [[ConcatenatedSource.Piece]]
  {
    // `part(_:of:)` is taken only of a corpus that `splitsIntoParts`, whose every cut splits.
    guard let parts = try parts(count: part.count * workers) else {
      preconditionFailure("a process part of a corpus that does not split into parts")
    }
    return Array(parts[part.index * workers..<(part.index + 1) * workers])
  }

  /// The pieces of each of `count` consecutive parts of the files, in order; nil where a part
  /// boundary falls inside a file that does not split in place, or where a file is a pipe.
  private func parts(count: Int) throws(CorpusError) -> [[ConcatenatedSource.Piece]]? {
    guard isSeekable else { return nil }
    var sizes: [Int] = []
    var texts: [Int] = []
    for source in sources {
      let size = try source.file.size()
      sizes.append(size)
      texts.append(
        source.format == .plain
          ? size : try ZstdFrameIndex(file: source.file).estimatedContentSize)
    }
    let total = texts.reduce(0, Self.saturatingSum)
    let cuts = ShardBoundary.evenCuts(total: total, parts: count)
    var parts = [[ConcatenatedSource.Piece]](repeating: [], count: count)
    var start = 0
    for (source, (size, text)) in zip(sources, zip(sizes, texts)) {
      let end = Self.saturatingSum(start, text)
      defer { start = end }
      // The file's first piece belongs to the part whose range holds its first byte.
      let first = cuts.count(where: { $0 <= start })
      // A cut's place in the file's text, as an offset into its bytes on disk.
      let inside = cuts.filter { $0 > start && $0 < end }.map { cut in
        text == size ? cut - start : Int(Double(cut - start) / Double(text) * Double(size))
      }
      guard !inside.isEmpty else {
        parts[first].append(Self.whole(source))
        continue
      }
      guard let plan = try ShardPlan(file: source, size: size, cuts: inside) else { return nil }
      for piece in 0...inside.count {
        parts[first + piece].append(
          ConcatenatedSource.Piece(endsFile: piece == inside.count) { () throws(CorpusError) in
            try plan.reader(for: piece, of: source)
          })
      }
    }
    return parts
  }

  /// `a + b`, or `Int.max` past it: a `.zst` header may declare any size.
  private static func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (sum, overflowed) = a.addingReportingOverflow(b)
    return overflowed ? .max : sum
  }

  /// The whole of one file, as a piece of a worker's part.
  private static func whole(_ source: TextSource) -> ConcatenatedSource.Piece {
    ConcatenatedSource.Piece(endsFile: true) { () throws(CorpusError) in
      try source.sequentialReader()
    }
  }
}
