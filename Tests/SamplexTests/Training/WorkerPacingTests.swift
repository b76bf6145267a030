import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Samplex

/// Workers that run together or one alone (`WorkerGate`, `WorkerPacing`).
@Suite struct WorkerPacingTests {
  /// A flag that threads share.
  private final class Flag: Sendable {
    let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
  }

  /// While the first worker runs alone the second waits; it goes on once the first leaves the
  /// pass, and a pass with one worker left has no one to run alone.
  @Test func aWaitingWorkerGoesOnWhenTheLoneOneLeaves() throws {
    let gate = WorkerGate(workers: 2)
    #expect(gate.runOneAlone())
    gate.waitTurn(worker: 0) { false }  // the lone worker does not wait
    let returned = Flag()
    let done = DispatchSemaphore(value: 0)
    Thread {
      gate.waitTurn(worker: 1) { false }
      returned.set()
      done.signal()
    }.start()
    usleep(50_000)
    #expect(!returned.isSet, "worker 1 ran while worker 0 was alone")
    gate.leave(worker: 0)
    #expect(done.wait(timeout: .now() + 5) == .success, "worker 1 still waits for a gone worker")
    #expect(!gate.runOneAlone())
  }

  /// A waiting worker goes on when the pass is ending (a stop, divergence, the budget), so that
  /// it can stop too.
  @Test func aWaitingWorkerGoesOnWhenThePassEnds() {
    let gate = WorkerGate(workers: 3)
    #expect(gate.runOneAlone())
    let ending = Flag()
    let done = DispatchSemaphore(value: 0)
    Thread {
      gate.waitTurn(worker: 2) { ending.isSet }
      done.signal()
    }.start()
    #expect(done.wait(timeout: .now() + 0.05) == .timedOut)
    ending.set()
    #expect(done.wait(timeout: .now() + 5) == .success)
  }

  /// Paced so that one worker runs alone after every measurement (a margin below zero and no
  /// least count), two
  /// workers still train every word of every epoch exactly once: the words seen are those of a
  /// run whose workers always ran together.
  @Test func pacedWorkersTrainEveryWordOnce() throws {
    let text = try OpenFile(path: Fixtures.data("tiny/kjv-head.txt")).contents()
    // A release build trains this text some thirty times as fast as a debug one; it gets more
    // of it, so that its epochs too last long enough for the controller to measure and decide.
    #if DEBUG
      let copies = 8
    #else
      let copies = 256
    #endif
    let path = try Fixtures.file(
      named: "kjv-head-x\(copies).txt", bytes: Array(repeating: text, count: copies).flatMap { $0 })
    let words = try vocabulary(of: path, minCount: 2)
    var options = plantedOptions()
    options.workers = 2
    options.dimensions = 8
    options.epochs = 3
    options.pacesWorkers = false
    let together = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    options.pacesWorkers = true
    options.pacing = WorkerPacing.Timing(
      measurement: 0.01, settling: 0.001, margin: -1, leastWords: 0, togetherFirst: 0.001,
      togetherLongest: 0.001, aloneFirst: 0.005, aloneLongest: 0.005)
    let paced = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    #expect(paced.wordsSeen == together.wordsSeen && together.wordsSeen > 100_000)
    #expect(paced.secondsAlone > 0)
    #expect(together.secondsAlone == 0)
    // Measurements that count fewer words than the least (here every one: 10 ms of training
    // is far from a billion words) keep the workers together, however the margin is set.
    options.pacing.leastWords = 1_000_000_000
    let scant = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words)
    #expect(scant.secondsAlone == 0 && scant.wordsSeen == together.wordsSeen)
  }
}
