/// The decompressed bytes of zstd frames read from another source, with every error naming the
/// compressed byte offset where it happened.
package struct ZstdReader: ByteSource {
  private var compressed: any ByteSource
  private let decoder: ZstdDecoder
  private let input: UnsafeMutableRawBufferPointer
  private let inputStorage: InputStorage
  private var inputCount = 0
  private var inputPosition = 0
  private var compressedEnded = false
  /// Compressed bytes consumed before the current input buffer, plus the offset the source
  /// started at in its file.
  private var consumedBefore: Int
  /// libzstd's last hint: 0 exactly when the last frame was completely decoded.
  private var lastHint = 0
  private var sawInput = false
  private let path: String

  /// Owns the input buffer, so that copies of the reader share it safely and it is freed once.
  private final class InputStorage {
    let buffer: UnsafeMutableRawBufferPointer
    init(size: Int) { buffer = .allocate(byteCount: size, alignment: 64) }
    deinit { buffer.deallocate() }
  }

  /// Decodes the frames in `compressed`, whose first byte sits at `startOffset` of the file at
  /// `path` (both for error messages).
  package init(compressed: any ByteSource, path: String, startOffset: Int = 0) throws(CorpusError) {
    self.compressed = compressed
    self.path = path
    self.consumedBefore = startOffset
    do {
      decoder = try ZstdDecoder()
    } catch {
      throw .unreadable(path: path, reason: error.description)
    }
    inputStorage = InputStorage(size: ZstdDecoder.recommendedInputSize)
    input = inputStorage.buffer
  }

  package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int
  {
    if buffer.isEmpty { return 0 }
    while true {
      if inputPosition == inputCount && !compressedEnded {
        consumedBefore += inputCount
        inputCount = try compressed.read(into: input)
        inputPosition = 0
        if inputCount == 0 { compressedEnded = true } else { sawInput = true }
      }
      if inputPosition == inputCount && compressedEnded {
        // The decoder may still hold decoded bytes it could not flush into the last buffer.
        if lastHint != 0 {
          let written = try decode(into: buffer)
          if written > 0 { return written }
          throw .truncatedZstd(path: path, offset: consumedBefore + inputCount)
        }
        return 0
      }
      let written = try decode(into: buffer)
      if written > 0 { return written }
    }
  }

  private mutating func decode(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError)
    -> Int
  {
    do {
      let (written, hint) = try decoder.decompress(
        UnsafeRawBufferPointer(UnsafeMutableRawBufferPointer(rebasing: input[..<inputCount])),
        inputPosition: &inputPosition, into: buffer)
      lastHint = hint
      return written
    } catch {
      throw .corruptZstd(path: path, offset: consumedBefore + inputPosition, reason: error.reason)
    }
  }
}
