/// A 64-bit checksum of a checkpoint's bytes, fed in pieces as they are written or read.
///
/// Four lanes each take every fourth little-endian UInt64 of the stream: `lane = (lane ^ word)
/// &* odd`, then `lane ^= lane >> 29`. The lanes are independent, so the multiplications of a
/// 32-byte block overlap and a checkpoint of hundreds of MB is summed at memory speed. Each step
/// is a bijection of the lane for a fixed word and of the word for a fixed lane, and the lanes
/// and the length are folded together the same way, so a change confined to one 8-byte word, or
/// a change of length, always changes the sum; any other change does except by chance (about
/// 2^-64). It detects damage; it is no defence against someone forging a file.
struct CheckpointChecksum {
  private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
  private var lanes: (UInt64, UInt64, UInt64, UInt64) = (
    0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89
  )
  /// Bytes of an unfinished 32-byte block, waiting for the next piece.
  private var pending: [UInt8] = []
  private var length = 0

  @inline(__always)
  private static func step(_ lane: inout UInt64, _ word: UInt64) {
    lane = (lane ^ word) &* multiplier
    lane ^= lane >> 29
  }

  /// Adds one 32-byte block at `offset` of `bytes`.
  @inline(__always)
  private mutating func block(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
    func word(_ index: Int) -> UInt64 {
      UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8 * index, as: UInt64.self))
    }
    Self.step(&lanes.0, word(0))
    Self.step(&lanes.1, word(1))
    Self.step(&lanes.2, word(2))
    Self.step(&lanes.3, word(3))
  }

  /// Adds `bytes` to the stream.
  mutating func add(_ bytes: UnsafeRawBufferPointer) {
    length += bytes.count
    var start = 0
    if !pending.isEmpty {
      start = min(32 - pending.count, bytes.count)
      pending.append(contentsOf: bytes[0..<start])
      guard pending.count == 32 else { return }
      pending.withUnsafeBytes { block($0, at: 0) }
      pending.removeAll(keepingCapacity: true)
    }
    let whole = start + (bytes.count - start) / 32 * 32
    for offset in stride(from: start, to: whole, by: 32) { block(bytes, at: offset) }
    pending.append(contentsOf: bytes[whole...])
  }

  /// Adds the bytes of `values`.
  mutating func add<T>(_ values: [T]) {
    values.withUnsafeBytes { add($0) }
  }

  /// The sum of everything added: the unfinished block padded with zeros, then the lanes and
  /// the length folded into one word (the length tells the padding from zeros that were added).
  var value: UInt64 {
    var copy = self
    if !copy.pending.isEmpty {
      let padded = copy.pending + [UInt8](repeating: 0, count: 32 - copy.pending.count)
      padded.withUnsafeBytes { copy.block($0, at: 0) }
    }
    var sum = UInt64(copy.length)
    for lane in [copy.lanes.0, copy.lanes.1, copy.lanes.2, copy.lanes.3] {
      Self.step(&sum, lane)
    }
    Self.step(&sum, 0)
    return sum
  }
}
