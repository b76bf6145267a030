/// Blackman and Vigna's xoshiro256**: a small, fast generator with 256 bits of state, one per
/// worker. The same seed gives the same stream on every machine. `next()` is inlinable, so that
/// a sampler's draw loop in another module keeps the state in registers.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
  @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)

  /// The 256-bit state, for checkpoints.
  public var state: (UInt64, UInt64, UInt64, UInt64) { words }

  /// Seeds the state from `seed` through `SplitMix64`, as the authors recommend.
  public init(seed: UInt64) {
    var mixer = SplitMix64(seed: seed)
    words = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
  }

  /// Resumes from a saved state (never all zero).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "xoshiro256** cannot run from an all-zero state")
    words = state
  }

  @inlinable @inline(__always)
  public mutating func next() -> UInt64 {
    let result = Self.rotate(words.1 &* 5, 7) &* 9
    let shifted = words.1 << 17
    words.2 ^= words.0
    words.3 ^= words.1
    words.1 ^= words.2
    words.0 ^= words.3
    words.2 ^= shifted
    words.3 = Self.rotate(words.3, 45)
    return result
  }

  /// A uniform integer in `0..<bound` by Lemire's multiply-shift (bias below bound / 2^32).
  @inlinable @inline(__always)
  public mutating func next(below bound: Int) -> Int {
    Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(truncatingIfNeeded: bound)) >> 32)
  }

  @inlinable @inline(__always)
  static func rotate(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }
}
