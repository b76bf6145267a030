/// Where a `ProbeRun` takes each probe pair's S candidates from, and the one thing in which
/// its modes differ: a fixed sampler's draw per pair (`PerPairCandidates`, as the trainer's
/// window candidates are drawn), or one draw shared by the whole probe batch
/// (`BatchSharedCandidates`, as the trainer's batch candidates are).
protocol ProbeCandidateSource {
  /// Prepares one draw over the probe batch; called before any pair's candidates of the draw.
  mutating func startDraw(using random: inout Xoshiro256StarStar)

  /// Writes pair `example`'s candidates into `outputs[1...S]` (`outputs[0]` holds its centre),
  /// the log expected count of every output (centre included) into `logExpected[0...S]`, and
  /// into `masked[0...S]` the accidental hits that the trainer would mask when `removeHits`.
  mutating func candidates(
    for example: Int, outputs: UnsafeMutableBufferPointer<Int32>,
    logExpected: UnsafeMutableBufferPointer<Float>, masked: UnsafeMutableBufferPointer<Bool>,
    removeHits: Bool, using random: inout Xoshiro256StarStar)
}
