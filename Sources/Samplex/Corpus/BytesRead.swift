import Synchronization

/// The bytes of text readers have given so far (decompressed, for a `.zst`), added by every
/// reader of a pass and read by whoever shows the pass's progress from another thread.
public final class BytesRead: Sendable {
  private let count = Atomic<Int>(0)

  public init() {}

  /// Bytes read so far, by all readers together.
  public var total: Int { count.load(ordering: .relaxed) }

  func add(_ bytes: Int) { count.add(bytes, ordering: .relaxed) }

  /// `reader`, counting what it gives into this count.
  func counting(_ reader: any ByteSource) -> any ByteSource {
    CountedByteSource(reader: reader, count: self)
  }
}

/// A reader that adds the bytes it gives to a `BytesRead`: once per chunk, so the count costs
/// nothing per byte.
private struct CountedByteSource: ByteSource {
  var reader: any ByteSource
  let count: BytesRead

  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int {
    let bytes = try reader.read(into: buffer)
    count.add(bytes)
    return bytes
  }
}
