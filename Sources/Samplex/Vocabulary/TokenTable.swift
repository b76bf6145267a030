#if canImport(Glibc)
  import Glibc
#endif

/// An open-addressing hash table from byte strings to dense indices 0, 1, 2, … in insertion
/// order, with a 64-bit counter per entry: the counting table of `VocabularyBuilder` and the
/// lookup table of `Vocabulary`.
///
/// Keys live in one byte arena (a 4-byte length, then the bytes), so counting a token allocates
/// nothing and creates no `String`. Slots hold a 32-bit hash tag beside the index, so most
/// mismatches are rejected without touching the arena. Linear probing, load factor ≤ 1/2.
///
/// The raw pointers of the vocabulary stage are confined to this type. After it is built it is
/// only read, which is why a `Vocabulary` holding one can be shared by worker threads.
final class TokenTable: @unchecked Sendable {
  private(set) var count = 0
  private var slots: UnsafeMutablePointer<UInt64>
  private var slotMask: Int
  private var keyOffsets: UnsafeMutablePointer<Int>
  private(set) var counts: UnsafeMutablePointer<Int64>
  private var entryCapacity: Int
  private var arena: UnsafeMutableRawPointer
  private var arenaCount = 0
  private var arenaCapacity: Int

  init(expectedEntries: Int = 1 << 16) {
    var slotCount = 16
    while slotCount < 2 * expectedEntries { slotCount <<= 1 }
    slots = .allocate(capacity: slotCount)
    slots.initialize(repeating: 0, count: slotCount)
    slotMask = slotCount - 1
    entryCapacity = max(expectedEntries, 16)
    keyOffsets = .allocate(capacity: entryCapacity)
    counts = .allocate(capacity: entryCapacity)
    arenaCapacity = entryCapacity * 16
    arena = .allocate(byteCount: arenaCapacity, alignment: 8)
  }

  deinit {
    slots.deallocate()
    keyOffsets.deallocate()
    counts.deallocate()
    arena.deallocate()
  }

  /// Bytes held: slots, entries and keys; the figure the memory target is measured against.
  var memoryBytes: Int { (slotMask + 1) * 8 + entryCapacity * 16 + arenaCapacity }

  /// A 64-bit hash of `key`, eight bytes at a time.
  @inline(__always)
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    let count = key.count
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
    guard let base = key.baseAddress else { return hash }
    var index = 0
    while index &+ 8 <= count {
      hash = (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
      index &+= 8
    }
    if index < count {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while index < count {
        word |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
        shift &+= 8
        index &+= 1
      }
      hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
    }
    hash ^= hash >> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash >> 33
    hash &*= 0xC4CE_B9FE_1A85_EC53
    hash ^= hash >> 33
    return hash
  }

  /// The index of `key`, or -1.
  @inline(__always)
  func index(of key: UnsafeRawBufferPointer) -> Int {
    let hash = Self.hash(key)
    let slot = probe(key, hash: hash)
    let stored = slots[slot]
    return stored == 0 ? -1 : Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: stored)) &- 1
  }

  /// Adds `amount` to the counter of `key`, inserting it with that count when new.
  @inline(__always)
  func add(_ key: UnsafeRawBufferPointer, amount: Int64 = 1) {
    let hash = Self.hash(key)
    let slot = probe(key, hash: hash)
    let stored = slots[slot]
    if stored != 0 {
      counts[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: stored)) &- 1] &+= amount
    } else {
      insert(key, hash: hash, slot: slot, count: amount)
    }
  }

  /// The key of entry `index`.
  func key(at index: Int) -> UnsafeRawBufferPointer {
    let offset = keyOffsets[index]
    let length = Int(arena.load(fromByteOffset: offset, as: UInt32.self))
    return UnsafeRawBufferPointer(start: arena + offset + 4, count: length)
  }

  /// Orders two entries' keys bytewise (shorter first on a shared prefix).
  func keyPrecedes(_ first: Int, _ second: Int) -> Bool {
    let a = key(at: first)
    let b = key(at: second)
    let common = min(a.count, b.count)
    let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
    return order != 0 ? order < 0 : a.count < b.count
  }

  /// The slot holding `key`, or the empty slot where it belongs.
  @inline(__always)
  private func probe(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
    let tag = hash >> 32
    var slot = Int(truncatingIfNeeded: hash) & slotMask
    let length = key.count
    while true {
      let stored = slots[slot]
      if stored == 0 { return slot }
      if stored >> 32 == tag {
        let offset = keyOffsets[Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: stored)) &- 1]
        if Int(arena.load(fromByteOffset: offset, as: UInt32.self)) == length
          && (length == 0 || memcmp(arena + offset + 4, key.baseAddress!, length) == 0)
        {
          return slot
        }
      }
      slot = (slot &+ 1) & slotMask
    }
  }

  private func insert(_ key: UnsafeRawBufferPointer, hash: UInt64, slot: Int, count amount: Int64) {
    if count == entryCapacity { growEntries() }
    let needed = arenaCount + 4 + key.count
    if needed > arenaCapacity { growArena(toAtLeast: needed) }
    arena.storeBytes(of: UInt32(key.count), toByteOffset: arenaCount, as: UInt32.self)
    if let source = key.baseAddress { (arena + arenaCount + 4).copyMemory(from: source, byteCount: key.count) }
    keyOffsets[count] = arenaCount
    counts[count] = amount
    arenaCount = (needed + 3) & ~3
    count += 1
    slots[slot] = (hash >> 32) << 32 | UInt64(count)
    if 2 * count > slotMask + 1 { growSlots() }
  }

  private func growEntries() {
    let capacity = entryCapacity * 2
    let offsets = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
    offsets.moveInitialize(from: keyOffsets, count: count)
    keyOffsets.deallocate()
    keyOffsets = offsets
    let newCounts = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
    newCounts.moveInitialize(from: counts, count: count)
    counts.deallocate()
    counts = newCounts
    entryCapacity = capacity
  }

  private func growArena(toAtLeast needed: Int) {
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
      slots[slot] = (hash >> 32) << 32 | UInt64(index + 1)
    }
  }
}
