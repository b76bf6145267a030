/// How a `TextSource` is divided among workers: where each worker's part begins and ends (or,
/// for `CorpusFiles`, how one of its files is divided among the workers whose parts it spans).
enum ShardPlan: Sendable {
  /// Byte ranges `[start, end)` of a plain file, one per worker, each beginning at a line
  /// start or, inside a long line, at a token (`ShardBoundary`).
  case byteRanges([Range<Int>])
  /// Compressed byte ranges covering whole zstd frames, one per worker.
  case frameRanges([Range<Int>], frameOffsets: [Int], fileSize: Int)
  /// One shared queue of blocks fed by a reader thread.
  case queue(BlockQueue)

  /// A plan of `workers` parts, or, for a process's part of the file (`TextSource.part`),
  /// of `workers` parts for each process, read by `reader(for:of:)` from that process's first.
  init(source: TextSource, workers: Int) throws(CorpusError) {
    let workers = workers * (source.processPart?.count ?? 1)
    guard source.file.isRegularFile else {
      self = .queue(BlockQueue(capacity: 2 * workers))
      return
    }
    let size = try source.file.size()
    let cuts = ShardBoundary.evenCuts(total: size, parts: workers)
    self =
      try ShardPlan(file: source, size: size, cuts: cuts)
      ?? .queue(BlockQueue(capacity: 2 * workers))
  }

  /// The plan of `cuts.count + 1` parts of a regular file of `size` bytes, the part after each
  /// cut (an offset an even split would begin a part at, in ascending order) beginning near it;
  /// nil where the file does not split in place (a single-frame `.zst`).
  init?(file source: TextSource, size: Int, cuts: [Int]) throws(CorpusError) {
    switch source.format {
    case .plain:
      self = .byteRanges(try ShardBoundary(file: source.file, fileSize: size).ranges(cuts: cuts))
    case .zstd:
      let index = try ZstdFrameIndex(file: source.file)
      guard index.frameOffsets.count > 1 else { return nil }
      // Frames are grouped by compressed size so that workers get similar shares.
      let offsets = index.frameOffsets + [size]
      var bounds = [0]
      for target in cuts {
        let frame = offsets.firstIndex { $0 >= target } ?? offsets.count - 1
        bounds.append(max(bounds.last!, frame))
      }
      bounds.append(offsets.count - 1)
      self = .frameRanges(
        (0...cuts.count).map { offsets[bounds[$0]]..<offsets[bounds[$0 + 1]] },
        frameOffsets: index.frameOffsets, fileSize: size)
    }
  }

  /// The reader of `worker`'s part.
  func reader(for worker: Int, of source: TextSource) throws(CorpusError) -> any ByteSource {
    let file = source.file
    let worker =
      source.processPart.map { part in
        part.index * (ranges.count / part.count) + worker
      } ?? worker
    switch self {
    case .queue(let queue):
      return BlockQueueReader(queue: queue)
    case .byteRanges(let ranges):
      return FileRangeReader(
        file: file, start: ranges[worker].lowerBound, end: ranges[worker].upperBound)
    case .frameRanges(let ranges, let frameOffsets, let size):
      let range = ranges[worker]
      var startsMidLine = false
      if range.lowerBound > 0 && !range.isEmpty {
        // Only the frame before ours can say whether our first byte starts a line.
        let frameStart = frameOffsets.last { $0 < range.lowerBound } ?? 0
        var previous = try ZstdReader(
          compressed: FileRangeReader(file: file, start: frameStart, end: range.lowerBound),
          path: source.path, startOffset: frameStart)
        startsMidLine = try lastByte(of: &previous) != TextBytes.newline
      }
      return LineAlignedShard(
        range: try ZstdReader(
          compressed: FileRangeReader(file: file, start: range.lowerBound, end: range.upperBound),
          path: source.path, startOffset: range.lowerBound),
        overflow: range.upperBound < size
          ? try ZstdReader(
            compressed: FileRangeReader(file: file, start: range.upperBound, end: nil),
            path: source.path, startOffset: range.upperBound) : nil,
        startsMidLine: startsMidLine)
    }
  }

  /// The parts' ranges, one per worker of every process (none for a queue).
  private var ranges: [Range<Int>] {
    switch self {
    case .queue: []
    case .byteRanges(let ranges), .frameRanges(let ranges, _, _): ranges
    }
  }

  private func lastByte(of reader: inout some ByteSource) throws(CorpusError) -> UInt8 {
    var last = TextBytes.newline
    while true {
      let bytes = try reader.readBytes(count: 1 << 16)
      guard let byte = bytes.last else { return last }
      last = byte
    }
  }
}
