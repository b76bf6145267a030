/// The byte offsets where the frames of a zstd file begin, read from the frame and block headers
/// alone (RFC 8878 §3.1), without decompressing anything and in constant memory.
///
/// Knowing the frames lets several workers decode one `.zst` file at once, each from its own
/// frame: what `samplex compress` writes for that purpose.
package struct ZstdFrameIndex: Sendable, Equatable {
  /// Offsets of the data frames' first bytes, ascending; skippable frames are left out.
  package var frameOffsets: [Int]
  /// The file's size: the end of the last frame.
  package var fileSize: Int

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
      position += 5 + (singleSegment ? 0 : 1) + dictionaryIDSize + contentSizeSize
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
    fileSize = size
  }
}
