/// Anything that draws class ids one at a time from a distribution Q over `0..<rangeMax`: a
/// fixed sampler (`CandidateSampler`), or a proposal prepared for one minibatch
/// (`InvertedMultiIndexDraw`, `ImportanceResamplingDraw`). Its one job is the draw; the
/// candidate set TensorFlow's samplers make of draws (`unique`) is built on it once, here.
public protocol CandidateSource {
  /// The number of classes.
  var rangeMax: Int { get }
  /// One draw from Q.
  func draw<Random: RandomNumberGenerator>(using random: inout Random) -> Int32
}

extension CandidateSource {
  /// Fills `candidates` with draws from Q and returns the number of draws made ("tries").
  ///
  /// With replacement, tries equals `candidates.count`. With `unique`, draws are repeated until
  /// `candidates.count` distinct ids have been seen, in order of first appearance, as
  /// TensorFlow's samplers do.
  /// - Precondition: with `unique`, `candidates.count ≤ rangeMax` (`SamplerError.rangeTooSmall`
  ///   is the check to make before).
  @inlinable
  public func sample<Random: RandomNumberGenerator>(
    into candidates: UnsafeMutableBufferPointer<Int32>, unique: Bool, using random: inout Random
  ) -> Int {
    let count = candidates.count
    if !unique {
      // A local copy keeps the generator in registers, as below.
      var generator = random
      for index in 0..<count { candidates[index] = draw(using: &generator) }
      random = generator
      return count
    }
    precondition(count <= rangeMax, "cannot draw \(count) distinct ids from \(rangeMax) classes")
    // A set on the stack for the usual sizes: no allocation per call.
    // Load factor ≤ 1/8: a collision (and its mispredicted branch) in one insert of sixteen.
    var size = 16
    while size < 8 * count { size <<= 1 }
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: size) { slots in
      slots.initialize(repeating: -1)
      var seen = DistinctIDSet(slots: slots)
      // A local copy keeps the generator in registers; the captured inout would live in memory.
      var generator = random
      defer { random = generator }
      var filled = 0
      var tries = 0
      while filled < count {
        let id = draw(using: &generator)
        tries &+= 1
        if seen.insert(id) {
          candidates[filled] = id
          filled &+= 1
        }
      }
      return tries
    }
  }
}
