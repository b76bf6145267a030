import Foundation
import Synchronization
import Testing

@testable import Samplex

/// Synchronizations of processes played by threads (`ThreadGroup`), driven one at a time: the
/// agreed model moves by the mean of the processes' changes since it, whichever process made
/// them.
@Suite struct AgreedModelTests {
  /// A model of `words` rows of 2 columns, the same on every process (seed 1).
  private static func model(words: Int = 4) -> Model {
    Model(vocabularySize: words, dimensions: 2, seed: 1)
  }

  /// Each process changes its own rows (and both one shared value) by known amounts; one
  /// synchronization of every row leaves both with the agreed model plus the mean of their
  /// changes (a row one process moved, half its change), bit for bit the same.
  @Test func aSynchronizationMovesByTheMeanChange() throws {
    let start = Self.model()
    let ends = try ThreadGroup(size: 2).run { member in
      let model = Self.model()
      let agreed = AgreedModel(copying: model)
      let amount = Float(member.rank + 1)
      model.output.row(Int32(member.rank))[0] += amount
      model.output.row(3)[1] += amount
      model.bias.row(Int32(2 + member.rank))[0] -= amount
      model.input.row(1)[member.rank] += 0.25 * amount
      agreed.synchronize(
        model, rows: 0..<4, outputRows: 0..<4, group: member, workersRunning: false)
      return (model.input.array, model.output.array, model.bias.array)
    }
    #expect(ends[0].0 == ends[1].0)
    #expect(ends[0].1 == ends[1].1)
    #expect(ends[0].2 == ends[1].2)
    let (input, output, bias) = ends[0]
    // Output rows and biases start at zero: the means are exact.
    #expect(output == [0.5, 0, 1, 0, 0, 0, 0, 1.5])
    #expect(bias == [0, 0, -0.5, -1])
    let startInput = start.input.array
    #expect(abs(input[2] - (startInput[2] + 0.125)) < 1e-6)
    #expect(abs(input[3] - (startInput[3] + 0.25)) < 1e-6)
    #expect(Array(input[0..<2]) == Array(startInput[0..<2]))
  }

  /// While workers run, a worker's update while the sums are sent is kept, of a value both
  /// processes changed alike (left unwritten: the mean is this process's own change) and of
  /// one only this process changed (which takes the mean in place of its change); the other
  /// process gets the mean of the changes sent.
  @Test func aSynchronizationWhileWorkersRunKeepsTheirUpdates() throws {
    let ends = try ThreadGroup(size: 2).run { member in
      let model = Self.model()
      let agreed = AgreedModel(copying: model)
      model.output.row(Int32(member.rank))[0] = 0.1 * Float(member.rank + 1)
      model.output.row(2)[0] += 1
      let group = WorkerDuringSums(member: member) {
        guard member.rank == 0 else { return }
        model.output.row(0)[0] += 0.5
        model.output.row(2)[0] += 0.5
      }
      agreed.synchronize(
        model, rows: 0..<4, outputRows: 0..<4, group: group, workersRunning: true)
      return model.output.array
    }
    let (first, second): (Float, Float) = (0.1, 0.2)
    #expect(
      Array(ends[0][0..<6]) == [first + 0.5 + (first * 0.5 - first), 0, second * 0.5, 0, 1.5, 0])
    #expect(Array(ends[1][0..<6]) == [first * 0.5, 0, second + (second * 0.5 - second), 0, 1, 0])
  }

  /// A hot row's change reaches the other process (halved, the mean) at a synchronization of
  /// the hot tier, a cold row's waits (kept whole by the process that made it) for the
  /// synchronization of every row.
  @Test func coldRowsWaitForTheFullSynchronization() throws {
    let words = 16
    let tiers = SyncTiers(vocabularySize: words, layer: .softmax)
    let (hot, cold) = (Int32(tiers.output.lowerBound), Int32(words - 1))
    let seen = try ThreadGroup(size: 2).run { member in
      let model = Self.model(words: words)
      let agreed = AgreedModel(copying: model)
      if member.rank == 0 {
        model.output.row(hot)[0] += 1
        model.output.row(cold)[0] += 1
      }
      var values: [(hot: Float, cold: Float)] = []
      for sync in 1...SyncTiers.syncsPerInterval {
        let rows = tiers.rows(atSync: sync, last: false)
        agreed.synchronize(
          model, rows: rows.input, outputRows: rows.output, group: member, workersRunning: true)
        values.append((model.output.row(hot)[0], model.output.row(cold)[0]))
      }
      return values
    }
    let last = SyncTiers.syncsPerInterval - 1
    for sync in 0..<last {
      #expect(seen[1][sync] == (0.5, 0), "sync \(sync + 1)")
      #expect(seen[0][sync] == (0.5, 1), "sync \(sync + 1)")
    }
    #expect(seen[1][last] == (0.5, 0.5))
    #expect(seen[0][last] == (0.5, 0.5))
  }

  /// The agreed copy takes the tables' memory again, on a run of several processes only.
  @Test func thePreflightCountsTheAgreedCopy() {
    let options = TrainingOptions()
    let alone = TrainerFactory.memoryBytes(options, vocabularySize: 100_000)
    let together = TrainerFactory.memoryBytes(options, vocabularySize: 100_000, processes: 2)
    let model = Model.memoryBytes(vocabularySize: 100_000, dimensions: options.dimensions)
    #expect(TrainerFactory.memoryBytes(options, vocabularySize: 100_000, processes: 1) == alone)
    #expect(together >= alone + model)
  }
}

/// A process whose worker updates the model (`update`) while the output table's sums are sent
/// (the second sum: the input table's go first).
private final class WorkerDuringSums: ProcessGroup {
  let member: ThreadGroup.Member
  let update: @Sendable () -> Void
  private let sums = Mutex(0)

  init(member: ThreadGroup.Member, update: @escaping @Sendable () -> Void) {
    (self.member, self.update) = (member, update)
  }

  var rank: Int { member.rank }
  var size: Int { member.size }

  func sum(_ values: UnsafeMutableBufferPointer<Float>) {
    let count = sums.withLock { count in
      count += 1
      return count
    }
    if count == 2 { update() }
    member.sum(values)
  }

  func sum(_ values: UnsafeMutableBufferPointer<Double>) { member.sum(values) }
  func gather(_ bytes: [UInt8]) -> [[UInt8]] { member.gather(bytes) }
  func broadcast(_ bytes: [UInt8]) -> [UInt8] { member.broadcast(bytes) }
}
