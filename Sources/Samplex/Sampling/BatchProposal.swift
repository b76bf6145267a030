/// Where a minibatch's candidates come from (`MinibatchSampledStep`): a fixed sampler, which
/// every `CandidateSampler` is through `FixedProposalDraw`, or a proposal that follows the model
/// (`InvertedMultiIndexSampler`, `ImportanceResampler`).
///
/// The value holds the settings and what is fixed for the run, and is shared by the workers;
/// each worker's step makes its `Draw` once (`makeDraw`), which keeps what the proposal needs
/// between batches (codebooks, buffers), so that nothing is allocated per batch. The step is
/// generic over the proposal: a fixed sampler's draw is the same specialized call as before,
/// and only a draw whose `readsQueries` is true makes the step gather the batch's inputs first.
public protocol BatchProposal: Sendable {
  associatedtype Draw: BatchProposalDraw
  /// The number of classes.
  var rangeMax: Int { get }
  /// Checks that `count` candidates can be drawn: with `unique`, no more than there are classes.
  func checkCanDraw(_ count: Int, unique: Bool) throws(SamplerError)
  /// One worker's draw, for batches of up to `batch` examples of `samples` candidates over
  /// `dimensions`-wide rows.
  func makeDraw(batch: Int, samples: Int, dimensions: Int) -> Draw
}

/// One worker's draws of a minibatch's candidates.
public protocol BatchProposalDraw {
  /// Whether `sample` reads `queries`: the step gathers the batch's input rows before the draw
  /// only then (a constant, so the fixed samplers' step has no branch to take).
  static var readsQueries: Bool { get }

  /// Draws the batch's candidates into `candidates` (distinct with `unique`, in order of first
  /// appearance, as TensorFlow's samplers do) and writes the expected count of each candidate
  /// and of each true class, from their probability under the batch's proposal and the number
  /// of tries, as `ExpectedCount` computes it. Returns the number of tries.
  /// - Parameter queries: the batch's input rows X, one per true class (only read when
  ///   `readsQueries`).
  mutating func sample<Random: RandomNumberGenerator>(
    into candidates: UnsafeMutableBufferPointer<Int32>,
    expectedCounts: UnsafeMutableBufferPointer<Float>,
    trueClasses: UnsafeBufferPointer<Int32>,
    trueExpectedCounts: UnsafeMutableBufferPointer<Float>,
    unique: Bool, queries: BatchQueries, model: Model, using random: inout Random
  ) -> Int
}

extension BatchProposal where Self: CandidateSampler {
  /// A fixed sampler draws as it always has, through its own `sample`.
  public func makeDraw(batch: Int, samples: Int, dimensions: Int) -> FixedProposalDraw<Self> {
    FixedProposalDraw(sampler: self)
  }
}

extension UniformSampler: BatchProposal {}
extension LogUniformSampler: BatchProposal {}
extension UnigramSampler: BatchProposal {}
