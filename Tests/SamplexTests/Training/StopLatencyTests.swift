import Foundation
import TestSupport
import Testing

@testable import Samplex

/// A stop request is noticed at the next publishing point, so a costly loss, whose interval is
/// shorter, stops within its own interval of the request, not within 10,000 words.
@Suite struct StopLatencyTests {
  /// A loss that trains through `inner` and requests a stop at its `stopAt`th window: a
  /// request made at a known word while the worker trains.
  private struct StoppingLoss<Inner: TrainingLoss>: TrainingLoss {
    let inner: Inner
    let stop: StopRequest
    let stopAt: Int

    final class State {
      let inner: Inner.State
      var windows = 0

      init(inner: Inner.State) { self.inner = inner }
    }

    func makeState(model: Model) -> State { State(inner: inner.makeState(model: model)) }

    func train(
      centre: Int32, contexts: UnsafeBufferPointer<Int32>, model: Model,
      workspace: inout Workspace, state: State, learningRate: Float
    ) {
      state.windows += 1
      if state.windows == stopAt { stop.request() }
      inner.train(
        centre: centre, contexts: contexts, model: model, workspace: &workspace,
        state: state.inner, learningRate: learningRate)
    }

    func flush(model: Model, workspace: inout Workspace, state: State, learningRate: Float) {
      inner.flush(
        model: model, workspace: &workspace, state: state.inner, learningRate: learningRate)
    }

    var outputLayer: OutputLayer { inner.outputLayer }
    var outputsPerExample: Int { inner.outputsPerExample }
    var minibatchSize: Int? { inner.minibatchSize }
  }

  enum CostlyLoss: CaseIterable {
    case manyCandidates, fullSoftmax
  }

  /// 8,000 sentences of five words drawn from 3,000: a vocabulary large enough that the full
  /// softmax and 1,000 candidates a window shorten the interval.
  private func wideCorpus() throws -> String {
    var random = Xoshiro256StarStar(seed: 17)
    let lines = (0..<8_000).map { _ in
      (0..<5).map { _ in "w\(random.next(below: 3_000))" }.joined(separator: " ")
    }
    return try Fixtures.file(
      named: "wide.txt", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
  }

  /// The request comes at word 3,000 (every word is a window's centre: no subsampling, no
  /// unknown words, sentences of five); the checkpoint the run saves where it stopped is at
  /// most one interval and the rest of a sentence past it. At 10,000 words an interval the
  /// first publishing point, and so the stop, would come at word 10,000.
  @Test(arguments: CostlyLoss.allCases)
  func aStopIsNoticedWithinOneIntervalOfACostlyLoss(_ kind: CostlyLoss) throws {
    let path = try wideCorpus()
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.epochs = 1
    options.heldOutShare = 0
    options.samples = 1_000
    options.loss = kind == .fullSoftmax ? .fullSoftmax : .negativeSampling
    let stop = StopRequest()
    let stopAt = 3_000
    func run<Inner: TrainingLoss>(_ inner: Inner) throws -> (interval: Int, words: Int) {
      let trainer = Trainer(
        options: options, source: try TextSource(path: path), vocabulary: words,
        loss: StoppingLoss(inner: inner, stop: stop, stopAt: stopAt),
        maxOutputs: options.samples + 1)
      let folder = try Fixtures.temporaryDirectory()
      let saved = Checkpoint.path(in: folder, stamp: .init(epochs: 0, part: 1))
      #expect(throws: TrainingError.interrupted(epoch: 1, checkpoint: saved)) {
        try trainer.run(
          checkpoints: CheckpointFolder(path: folder, run: RunID(value: 3), settings: 0),
          stop: stop)
      }
      return (trainer.publishingInterval, try Checkpoint.read(path: saved).wordsSeen)
    }
    let (interval, stoppedAt) =
      switch kind {
      case .manyCandidates:
        try run(
          SampledWindowLoss(
            sampler: UniformSampler(rangeMax: words.count), objective: .negativeSampling,
            architecture: .skipGram, samples: options.samples))
      case .fullSoftmax:
        try run(
          FullSoftmaxTrainingLoss(
            architecture: .skipGram, dimensions: options.dimensions, vocabularySize: words.count))
      }
    #expect(interval < 2_000, "interval \(interval)")
    #expect(stoppedAt >= stopAt && stoppedAt <= stopAt + interval + 4, "stopped at \(stoppedAt)")
  }
}
