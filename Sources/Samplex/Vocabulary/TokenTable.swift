/// An open-addressing hash table from byte strings to dense indices 0, 1, 2, … in insertion
/// order, with a 64-bit counter per entry: the counting table of `VocabularyBuilder` and the
/// lookup table of `Vocabulary`.
///
/// Each entry is one record in a byte arena: its count, its index, its length, then its bytes.
/// A slot holds only the record's offset (in 8-byte units, 4 bytes a slot, so the slots of the
/// frequent words share few cache lines), and a lookup costs two memory reads: the slot, then the
/// record, which holds everything a hit needs. With a load factor ≤ 1/2 and a good hash, probes
/// average about one, so a hash tag in the slot would save almost nothing. Counting a token allocates
/// nothing and creates no `String`. Linear probing, load factor ≤ 1/2.
///
/// The raw pointers of the vocabulary stage are confined to this type. After it is built it is
/// only read, which is why a `Vocabulary` holding one can be shared by worker threads.
final class TokenTable: @unchecked Sendable {
  private(set) var count = 0
  private var slots: UnsafeMutablePointer<UInt32>
  private var slotMask: Int
  /// Record offsets in index order, in 8-byte units as in a slot (4 bytes an entry, 40 MB at
  /// V = 10^7): for enumeration, never on the lookup path.
  private var recordOffsets: UnsafeMutablePointer<UInt32>
  private var entryCapacity: Int
  private var arena: UnsafeMutableRawPointer
  private var arenaCount = 0
  private var arenaCapacity: Int

  // Record layout: count (Int64) at 0, index (UInt32) at 8, length (UInt32) at 12, bytes at 16.
  private static let headerSize = 16

  init(expectedEntries: Int = 1 << 16) {
    var slotCount = 16
    while slotCount < 2 * expectedEntries { slotCount <<= 1 }
    slots = .allocate(capacity: slotCount)
    slots.initialize(repeating: 0, count: slotCount)
    slotMask = slotCount - 1
    entryCapacity = max(expectedEntries, 16)
    recordOffsets = .allocate(capacity: entryCapacity)
    arenaCapacity = entryCapacity * 32
    arena = .allocate(byteCount: arenaCapacity, alignment: 8)
  }

  deinit {
    slots.deallocate()
    recordOffsets.deallocate()
    arena.deallocate()
  }

  /// Bytes held: slots, offsets and records; the figure the memory target is measured against.
  var memoryBytes: Int { (slotMask + 1) * 4 + entryCapacity * 4 + arenaCapacity }

  /// A 64-bit hash of `key`: a few overlapping loads (short tokens take one or two) folded by
  /// 64×64→128-bit multiplies, in the manner of wyhash.
  @inline(__always)
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    let count = key.count
    guard let base = key.baseAddress, count > 0 else { return 0x9E37_79B9_7F4A_7C15 }
    var first: UInt64
    var second: UInt64
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    if count <= 3 {
      first =
        UInt64(base.load(as: UInt8.self)) | UInt64(
          base.load(fromByteOffset: count >> 1, as: UInt8.self)) << 8
        | UInt64(base.load(fromByteOffset: count &- 1, as: UInt8.self)) << 16
      second = 0
    } else if count <= 8 {
      first = UInt64(base.loadUnaligned(as: UInt32.self))
      second = UInt64(base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
    } else {
      var index = 0
      while count &- index > 16 {
        seed = fold(
          base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0xA076_1D64_78BD_642F,
          base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self) ^ seed)
        index &+= 16
      }
      first = base.loadUnaligned(fromByteOffset: max(0, count &- 16), as: UInt64.self)
      second = base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    return fold(first ^ 0xE703_7ED1_A0B4_28DB ^ UInt64(truncatingIfNeeded: count), second ^ seed)
  }

  @inline(__always)
  private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.high ^ product.low
  }

  /// The index of `key`, or -1.
  @inline(__always)
  func index(of key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
    let stored = slots[probe(key, hash: hash)]
    if stored == 0 { return -1 }
    return Int(arena.load(fromByteOffset: Self.recordOffset(stored) &+ 8, as: UInt32.self))
  }

  /// Adds `amount` to the counter of `key`, inserting it with that count when new; returns its
  /// index.
  @inline(__always) @discardableResult
  func add(_ key: UnsafeRawBufferPointer, amount: Int64 = 1) -> Int {
    let hash = Self.hash(key)
    let slot = probe(key, hash: hash)
    let stored = slots[slot]
    if stored != 0 {
      let record = arena + Self.recordOffset(stored)
      record.assumingMemoryBound(to: Int64.self).pointee &+= amount
      return Int(record.load(fromByteOffset: 8, as: UInt32.self))
    }
    insert(key, hash: hash, slot: slot, count: amount)
    return count &- 1
  }

  /// Removes every entry, keeping the memory for the next ones.
  func removeAll() {
    slots.update(repeating: 0, count: slotMask + 1)
    count = 0
    arenaCount = 0
  }

  /// The counter of entry `index`.
  func count(at index: Int) -> Int64 {
    arena.load(fromByteOffset: Int(recordOffsets[index]) &<< 3, as: Int64.self)
  }

  /// The key of entry `index`.
  func key(at index: Int) -> UnsafeRawBufferPointer {
    let offset = Int(recordOffsets[index]) &<< 3
    let length = Int(arena.load(fromByteOffset: offset + 12, as: UInt32.self))
    return UnsafeRawBufferPointer(start: arena + offset + Self.headerSize, count: length)
  }

  @inline(__always)
  private static func recordOffset(_ stored: UInt32) -> Int {
    Int(truncatingIfNeeded: stored &- 1) &<< 3
  }

  /// The slot holding `key`, or the empty slot where it belongs.
  @inline(__always)
  private func probe(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
    var slot = Int(truncatingIfNeeded: hash) & slotMask
    let length = key.count
    while true {
      let stored = slots[slot]
      if stored == 0 { return slot }
      let record = arena + Self.recordOffset(stored)
      if Int(record.load(fromByteOffset: 12, as: UInt32.self)) == length
        && Self.equal(record + Self.headerSize, key.baseAddress, length)
      {
        return slot
      }
      slot = (slot &+ 1) & slotMask
    }
  }

  /// Whether `length` bytes at `a` and `b` are equal, with the same overlapping loads as `hash`:
  /// a token of up to 16 bytes takes two comparisons.
  @inline(__always)
  private static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer?, _ length: Int) -> Bool {
    guard let b else { return length == 0 }
    if length >= 8 {
      var index = 0
      while length &- index > 8 {
        if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
          != b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        {
          return false
        }
        index &+= 8
      }
      return a.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
        == b.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self)
    }
    if length >= 4 {
      return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
        && a.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
          == b.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self)
    }
    var index = 0
    while index < length {
      if a.load(fromByteOffset: index, as: UInt8.self)
        != b.load(fromByteOffset: index, as: UInt8.self)
      {
        return false
      }
      index &+= 1
    }
    return true
  }

  private func insert(_ key: UnsafeRawBufferPointer, hash: UInt64, slot: Int, count amount: Int64) {
    if count == entryCapacity { growEntries() }
    let needed = arenaCount + Self.headerSize + key.count
    if needed > arenaCapacity { growArena(toAtLeast: needed) }
    let record = arena + arenaCount
    record.storeBytes(of: amount, as: Int64.self)
    record.storeBytes(of: UInt32(count), toByteOffset: 8, as: UInt32.self)
    record.storeBytes(of: UInt32(key.count), toByteOffset: 12, as: UInt32.self)
    if let source = key.baseAddress {
      (record + Self.headerSize).copyMemory(from: source, byteCount: key.count)
    }
    recordOffsets[count] = UInt32(arenaCount >> 3)
    slots[slot] = UInt32(arenaCount >> 3) + 1
    arenaCount = (needed + 7) & ~7
    count += 1
    if 2 * count > slotMask + 1 { growSlots() }
  }

  private func growEntries() {
    let capacity = entryCapacity * 2
    let offsets = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
    offsets.moveInitialize(from: recordOffsets, count: count)
    recordOffsets.deallocate()
    recordOffsets = offsets
    entryCapacity = capacity
  }

  private func growArena(toAtLeast needed: Int) {
    precondition(needed < Int(UInt32.max) << 3, "a token table holds at most 32 GiB of words")
    var capacity = arenaCapacity * 2
    while capacity < needed { capacity *= 2 }
    let bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    bytes.copyMemory(from: arena, byteCount: arenaCount)
    arena.deallocate()
    arena = bytes
    arenaCapacity = capacity
  }

  private func growSlots() {
    let slotCount = (slotMask + 1) * 2
    slots.deallocate()
    slots = .allocate(capacity: slotCount)
    slots.initialize(repeating: 0, count: slotCount)
    slotMask = slotCount - 1
    for index in 0..<count {
      let hash = Self.hash(key(at: index))
      var slot = Int(truncatingIfNeeded: hash) & slotMask
      while slots[slot] != 0 { slot = (slot + 1) & slotMask }
      slots[slot] = recordOffsets[index] + 1
    }
  }
}
