/// A probe pair's own S candidates from a fixed sampler, drawn with replacement, as the
/// trainer's window candidates are (`SampledWindowLoss`): log expected counts log(S·Q(k)), and
/// hits masked by the loss's own rule (`Loss.maskAccidentalHits`).
struct PerPairCandidates<Sampler: CandidateSampler>: ProbeCandidateSource {
  let sampler: Sampler
  let objective: Loss
  let samples: Int
  /// log(S·Q(k)) of every class k, computed once.
  private let logExpectedByID: [Float]

  init(sampler: Sampler, objective: Loss, samples: Int, vocabularySize: Int) {
    self.sampler = sampler
    self.objective = objective
    self.samples = samples
    logExpectedByID = (0..<vocabularySize).map {
      ExpectedCount.logarithm(Float(Double(samples) * sampler.probability(of: Int32($0))))
    }
  }

  func startDraw(using random: inout Xoshiro256StarStar) {}

  func candidates(
    for example: Int, outputs: UnsafeMutableBufferPointer<Int32>,
    logExpected: UnsafeMutableBufferPointer<Float>, masked: UnsafeMutableBufferPointer<Bool>,
    removeHits: Bool, using random: inout Xoshiro256StarStar
  ) {
    _ = sampler.sample(
      into: UnsafeMutableBufferPointer(rebasing: outputs[1...samples]), unique: false,
      using: &random)
    for k in 0...samples {
      masked[k] = false
      logExpected[k] = logExpectedByID[Int(outputs[k])]
    }
    if removeHits {
      objective.maskAccidentalHits(outputs: outputs, masked: masked, samples: samples)
    }
  }
}
