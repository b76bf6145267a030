/// Where a plain file's shard begins, given where an even split would put it.
///
/// A shard begins at a line start when one lies within `longLineBytes` of the even split, so
/// that corpora of ordinary lines keep every sentence whole (as word2vec.c and fastText do when
/// they seek to `size / threads`). Past that limit the split point is inside a long line — a
/// one-line corpus such as text8 — and the shard begins at the next token instead: the line
/// becomes two sentences there, every token is still read exactly once, and the workers share
/// the file evenly instead of one of them reading it all.
///
/// The boundaries are found once, before reading, from the file itself, so two neighbouring
/// shards can never disagree about the bytes between them.
struct ShardBoundary {
  /// How far past an even split a line start is looked for before a long line is cut at a
  /// token. Far longer than a sentence of 1,000 words, so that only one-line corpora are cut.
  static let longLineBytes = 1 << 20

  let file: OpenFile
  let fileSize: Int

  /// The start of the shard that an even split would begin at `offset`: `offset` itself when it
  /// starts a line, else just past the next newline within `longLineBytes`, else the start of
  /// the next token (just past a whitespace byte), else the end of the file.
  func shardStart(near offset: Int) throws(CorpusError) -> Int {
    if offset <= 0 { return 0 }
    if offset >= fileSize { return fileSize }
    var before = FileRangeReader(file: file, start: offset - 1, end: offset)
    let previous = try before.readBytes(count: 1).first ?? TextBytes.newline
    if previous == TextBytes.newline { return offset }
    var window = FileRangeReader(
      file: file, start: offset, end: min(fileSize, offset + Self.longLineBytes))
    let near = try window.readBytes(count: Self.longLineBytes)
    if let newline = near.firstIndex(of: TextBytes.newline) { return offset + newline + 1 }
    if TextBytes.isWhitespace(previous) { return offset }
    if let space = near.firstIndex(where: TextBytes.isWhitespace) { return offset + space + 1 }
    // A token longer than the window: look further, a window at a time.
    var position = offset + near.count
    var rest = FileRangeReader(file: file, start: position, end: fileSize)
    while position < fileSize {
      let chunk = try rest.readBytes(count: Self.longLineBytes)
      if chunk.isEmpty { break }
      if let space = chunk.firstIndex(where: TextBytes.isWhitespace) {
        return position + space + 1
      }
      position += chunk.count
    }
    return fileSize
  }

  /// Where an even split of `total` bytes into `parts` parts begins each part after the first
  /// (`total × k / parts`, the product taken at full width so that no total overflows).
  static func evenCuts(total: Int, parts: Int) -> [Int] {
    (1..<max(parts, 1)).map { parts.dividingFullWidth(total.multipliedFullWidth(by: $0)).quotient }
  }

  /// The byte ranges of `workers` shards: contiguous, covering the file, each beginning where
  /// `shardStart(near:)` puts it (an empty range where a long token swallowed a share).
  func ranges(workers: Int) throws(CorpusError) -> [Range<Int>] {
    try ranges(cuts: Self.evenCuts(total: fileSize, parts: workers))
  }

  /// The byte ranges of `cuts.count + 1` shards, the one after each cut (in ascending order)
  /// beginning where `shardStart(near:)` puts it.
  func ranges(cuts: [Int]) throws(CorpusError) -> [Range<Int>] {
    var starts = [0]
    for cut in cuts { starts.append(max(starts.last!, try shardStart(near: cut))) }
    starts.append(fileSize)
    return (0...cuts.count).map { starts[$0]..<starts[$0 + 1] }
  }
}
