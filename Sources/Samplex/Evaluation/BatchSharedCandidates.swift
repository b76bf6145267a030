/// One set of S candidates per draw for the whole probe batch, as the trainer's batch
/// candidates are (`MinibatchSampledStep`): the probe's pairs are the batch (its queries the
/// pairs' context input rows, its true classes the centres), drawn through the proposal's
/// `Draw`, so that a proposal that follows the model (midx, resample) prepares from the
/// probe's queries and the live model. Every pair uses the draw's candidates with the log
/// expected counts the draw returns, and a hit is masked as the step masks it: the label's
/// last position among the candidates.
struct BatchSharedCandidates<Proposal: BatchProposal>: ProbeCandidateSource {
  let samples: Int
  let unique: Bool
  let model: Model
  /// The probe's context input rows, P × d.
  let queries: [Float]
  let centres: [Int32]
  /// A draw of its own: a fresh one fits what it keeps (midx's codebooks) from the live
  /// model on its first batch.
  private var draw: Proposal.Draw
  private var shared: [Int32]
  private var expectedCounts: [Float]
  private var trueExpectedCounts: [Float]
  /// Each centre's last position among the shared candidates, or −1.
  private var hits: [Int32]

  init(
    proposal: Proposal, samples: Int, unique: Bool, model: Model, queries: [Float],
    centres: [Int32]
  ) {
    self.samples = samples
    self.unique = unique
    self.model = model
    self.queries = queries
    self.centres = centres
    draw = proposal.makeDraw(
      batch: centres.count, samples: samples, dimensions: model.dimensions)
    shared = [Int32](repeating: 0, count: samples)
    expectedCounts = [Float](repeating: 0, count: samples)
    trueExpectedCounts = [Float](repeating: 0, count: centres.count)
    hits = [Int32](repeating: -1, count: centres.count)
  }

  mutating func startDraw(using random: inout Xoshiro256StarStar) {
    let (model, unique, centres, d) = (model, unique, centres, model.dimensions)
    queries.withUnsafeBufferPointer { rows in
      let batch = BatchQueries(rows: rows.baseAddress!, count: centres.count, dimensions: d)
      centres.withUnsafeBufferPointer { trueClasses in
        shared.withUnsafeMutableBufferPointer { candidates in
          expectedCounts.withUnsafeMutableBufferPointer { expected in
            trueExpectedCounts.withUnsafeMutableBufferPointer { trueExpected in
              _ = draw.sample(
                into: candidates, expectedCounts: expected, trueClasses: trueClasses,
                trueExpectedCounts: trueExpected, unique: unique, queries: batch, model: model,
                using: &random)
            }
          }
        }
      }
    }
    hits = MinibatchSampledStep<Proposal>.lastPositions(of: centres, in: shared)
  }

  func candidates(
    for example: Int, outputs: UnsafeMutableBufferPointer<Int32>,
    logExpected: UnsafeMutableBufferPointer<Float>, masked: UnsafeMutableBufferPointer<Bool>,
    removeHits: Bool, using random: inout Xoshiro256StarStar
  ) {
    logExpected[0] = ExpectedCount.logarithm(trueExpectedCounts[example])
    masked[0] = false
    for k in 0..<samples {
      outputs[k + 1] = shared[k]
      logExpected[k + 1] = ExpectedCount.logarithm(expectedCounts[k])
      masked[k + 1] = false
    }
    if removeHits, hits[example] >= 0 { masked[Int(hits[example]) + 1] = true }
  }
}
