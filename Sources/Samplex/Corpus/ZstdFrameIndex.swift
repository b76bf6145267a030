/// The byte offsets where the frames of a zstd file begin, read from the frame and block headers
/// alone (RFC 8878 §3.1), without decompressing anything and in constant memory.
///
/// Knowing the frames lets several workers decode one `.zst` file at once, each from its own
/// frame: what `samplex compress` writes for that purpose. The sizes the frame headers declare
/// tell how much text the file holds without decoding it, so that a corpus of several files can
/// be shared out by text, not by bytes on disk.
package struct ZstdFrameIndex: Sendable, Equatable {
  /// Offsets of the data frames' first bytes, ascending; skippable frames are left out.
  package var frameOffsets: [Int]
  /// Each data frame's decompressed size as its header declares it (RFC 8878 §3.1.1.1.4), in
  /// the order of `frameOffsets`; nil for a frame whose encoder did not write it (zstd streaming
  /// from a pipe). libzstd writes it whenever it is given the whole input at once, as
  /// `ZstdEncoder.compressFrame` and the `zstd` tool on a file do.
  package var frameContentSizes: [Int?]
  /// The file's size: the end of the last frame.
  package var fileSize: Int

  /// The compression ratio assumed for a frame that declares no decompressed size: typical of
  /// English text at zstd's default level 3 (the bundled King James Bible compresses 4.7:1 at
  /// level 19, about 3.5:1 at level 3).
  package static let assumedCompressionRatio = 4

  /// The bytes of text the file decompresses to: the sum of the declared sizes, and for each
  /// frame that declares none, its compressed length × `assumedCompressionRatio`. Declared
  /// sizes are the encoder's word, not checked here; a sum past `Int.max` stops there.
  package var estimatedContentSize: Int {
    var total = 0
    for (index, declared) in frameContentSizes.enumerated() {
      let end = index + 1 < frameOffsets.count ? frameOffsets[index + 1] : fileSize
      let (estimate, overflowed) =
        declared.map { ($0, false) }
        ?? (end - frameOffsets[index]).multipliedReportingOverflow(by: Self.assumedCompressionRatio)
      let (sum, past) = total.addingReportingOverflow(estimate)
      if overflowed || past { return .max }
      total = sum
    }
    return total
  }

  static let magic: UInt32 = 0xFD2F_B528
  static let skippableMagicMask: UInt32 = 0xFFFF_FFF0
  static let skippableMagic: UInt32 = 0x184D_2A50

  /// Whether `bytes` begin like a zstd frame or a skippable frame.
  package static func looksLikeZstd(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard bytes.count >= 4 else { return false }
    let word = bytes.loadUnaligned(as: UInt32.self).littleEndian
    return word == magic || word & skippableMagicMask == skippableMagic
  }

  /// Walks the headers of every frame in `file`.
  /// - Throws: `CorpusError.truncatedZstd` when a frame runs past the end of the file, and
  ///   `.corruptZstd` on an unknown magic number or reserved block type.
  package init(file: OpenFile) throws(CorpusError) {
    let size = try file.size()
    var offsets: [Int] = []
    var contentSizes: [Int?] = []
    var position = 0
    var header: [UInt8] = []
    func load(_ count: Int, at offset: Int) throws(CorpusError) -> Int {
      var reader = FileRangeReader(file: file, start: offset, end: min(size, offset + count))
      header = try reader.readBytes(count: count)
      return header.count
    }
    func littleEndian(_ from: Int, _ count: Int) -> Int {
      var value = 0
      for index in 0..<count { value |= Int(header[from + index]) << (8 * index) }
      return value
    }
    while position < size {
      guard try load(4, at: position) == 4 else {
        throw .truncatedZstd(path: file.path, offset: size)
      }
      let word = UInt32(littleEndian(0, 4))
      if word & Self.skippableMagicMask == Self.skippableMagic {
        guard try load(8, at: position) == 8 else {
          throw .truncatedZstd(path: file.path, offset: size)
        }
        position += 8 + littleEndian(4, 4)
        continue
      }
      guard word == Self.magic else {
        throw .corruptZstd(path: file.path, offset: position, reason: "not a zstd frame")
      }
      offsets.append(position)
      // Frame header: descriptor, optional window descriptor, dictionary id, content size.
      guard try load(5, at: position) == 5 else {
        throw .truncatedZstd(path: file.path, offset: size)
      }
      let descriptor = Int(header[4])
      let contentSizeFlag = descriptor >> 6
      let singleSegment = descriptor >> 5 & 1 == 1
      let hasChecksum = descriptor >> 2 & 1 == 1
      let dictionaryIDSize = [0, 1, 2, 4][descriptor & 3]
      let contentSizeSize = [singleSegment ? 1 : 0, 2, 4, 8][contentSizeFlag]
      let contentSizeStart = 5 + (singleSegment ? 0 : 1) + dictionaryIDSize
      let headerSize = contentSizeStart + contentSizeSize
      guard try load(headerSize, at: position) == headerSize else {
        throw .truncatedZstd(path: file.path, offset: size)
      }
      // A 2-byte size counts from 256; an 8-byte one past Int.max is taken as undeclared.
      let declared =
        littleEndian(contentSizeStart, contentSizeSize) + (contentSizeSize == 2 ? 256 : 0)
      contentSizes.append(contentSizeSize > 0 && declared >= 0 ? declared : nil)
      position += headerSize
      // Blocks: a 3-byte header each (last flag, type, size); RLE blocks store one byte.
      while true {
        guard try load(3, at: position) == 3 else {
          throw .truncatedZstd(path: file.path, offset: size)
        }
        let blockHeader = littleEndian(0, 3)
        let isLast = blockHeader & 1 == 1
        let blockType = blockHeader >> 1 & 3
        let blockSize = blockHeader >> 3
        switch blockType {
        case 0, 2: position += 3 + blockSize
        case 1: position += 3 + 1
        default:
          throw .corruptZstd(path: file.path, offset: position, reason: "reserved block type")
        }
        if isLast { break }
      }
      if hasChecksum { position += 4 }
      if position > size { throw .truncatedZstd(path: file.path, offset: size) }
    }
    frameOffsets = offsets
    frameContentSizes = contentSizes
    fileSize = size
  }
}
