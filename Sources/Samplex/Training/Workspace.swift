/// One worker's scratch memory and running figures: the counterpart of fastText's
/// `Model::State`. Allocated once per worker, never inside the training loop, and freed when
/// it goes: noncopyable, so that no copy can outlive the buffers or free them twice, and passed
/// `inout` to the losses.
package struct Workspace: ~Copyable {
  package let dimensions: Int
  /// Output rows of the current window: the centre, then the candidates.
  package let outputs: UnsafeMutableBufferPointer<Int32>
  /// Per output: the correction `b − log E` added to its logit (0 for negative sampling).
  package let corrections: UnsafeMutableBufferPointer<Float>
  /// Per output: whether it is masked (a candidate equal to the centre).
  package let masked: UnsafeMutableBufferPointer<Bool>
  /// Logits and gradients of one row of outputs.
  package let logits: UnsafeMutableBufferPointer<Float>
  package let gradients: UnsafeMutableBufferPointer<Float>
  /// The CBOW hidden vector (d).
  package let hidden: UnsafeMutableBufferPointer<Float>
  /// The learning-rate-scaled gradients of a window's (contexts × outputs) logits (CBOW: of
  /// the output rows it updates).
  package let gradientBlock: UnsafeMutableBufferPointer<Float>
  /// The labels of those logits, row by row (the hierarchical softmax's path codes, repeated
  /// for each context), so that one vector loop takes the whole block.
  package let blockLabels: UnsafeMutableBufferPointer<Float>
  /// The skip-gram window update's buffers (`Kernels.windowUpdate`).
  package let windowScratch: WindowUpdateScratch
  /// Row pointers of a window's output rows and context rows, for the blocked kernels.
  package let outputRows: UnsafeMutableBufferPointer<UnsafeMutablePointer<Float>>
  package let contextRows: UnsafeMutableBufferPointer<UnsafeMutablePointer<Float>>
  /// The worker's generator: candidates are drawn from it. It is the state after the current
  /// window's draw, whatever has been drawn ahead, so that a position saved with it resumes
  /// with the same candidates.
  package var random: Xoshiro256StarStar {
    didSet { hasNextCandidates = false }
  }
  /// The next window's candidates, drawn ahead so that their rows are fetched into cache while
  /// the current window trains, and the generator after that draw; valid while
  /// `hasNextCandidates`.
  package let nextCandidates: UnsafeMutableBufferPointer<Int32>
  package var randomAfterNext: Xoshiro256StarStar
  package var hasNextCandidates = false
  /// Σ loss and the number of (input, centre) predictions it covers, in Double.
  package var lossSum = 0.0
  package var lossCount = 0

  /// Scratch for windows of up to `maxContexts` context words and `maxOutputs` output rows.
  package init(dimensions: Int, maxContexts: Int, maxOutputs: Int, random: Xoshiro256StarStar) {
    self.dimensions = dimensions
    self.random = random
    randomAfterNext = random
    outputs = .allocate(capacity: maxOutputs)
    nextCandidates = .allocate(capacity: maxOutputs)
    corrections = .allocate(capacity: maxOutputs)
    masked = .allocate(capacity: maxOutputs)
    logits = .allocate(capacity: maxOutputs)
    gradients = .allocate(capacity: maxOutputs)
    windowScratch = WindowUpdateScratch(maxContexts: maxContexts, dimensions: dimensions)
    hidden = .allocate(capacity: dimensions)
    gradientBlock = .allocate(capacity: maxContexts * maxOutputs)
    blockLabels = .allocate(capacity: maxContexts * maxOutputs)
    outputRows = .allocate(capacity: maxOutputs)
    contextRows = .allocate(capacity: maxContexts)
    corrections.initialize(repeating: 0)
    masked.initialize(repeating: false)
  }

  deinit {
    outputs.deallocate()
    nextCandidates.deallocate()
    corrections.deallocate()
    masked.deallocate()
    logits.deallocate()
    gradients.deallocate()
    windowScratch.deallocate()
    hidden.deallocate()
    gradientBlock.deallocate()
    blockLabels.deallocate()
    outputRows.deallocate()
    contextRows.deallocate()
  }
}
