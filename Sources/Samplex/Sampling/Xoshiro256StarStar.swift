/// Blackman and Vigna's xoshiro256**: a small, fast generator with 256 bits of state, one per
/// worker. The same seed gives the same stream on every machine.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
  public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

  /// Seeds the state from `seed` through `SplitMix64`, as the authors recommend.
  public init(seed: UInt64) {
    var mixer = SplitMix64(seed: seed)
    state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
  }

  /// Resumes from a saved state (never all zero).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "xoshiro256** cannot run from an all-zero state")
    self.state = state
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotate(state.3, 45)
    return result
  }

  /// A uniform integer in `0..<bound` by Lemire's multiply-shift (bias below bound / 2^32).
  @inline(__always)
  public mutating func next(below bound: Int) -> Int {
    Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(truncatingIfNeeded: bound)) >> 32)
  }

  @inline(__always)
  private func rotate(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
  }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.state == rhs.state }
}
