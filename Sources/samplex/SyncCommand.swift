import ArgumentParser
import Foundation
import Samplex

struct SyncCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract:
      "Time the synchronizations of processes training together, as BENCHMARKS.md's model of scale measures them.",
    discussion: """
      Started by mpirun from a build with the MPI trait, every process holds tables of \
      --vocab-size rows of --dim columns (the input and output tables and the biases, as \
      skip-gram and CBOW train them) with the copy the processes agreed on, and times \
      synchronizations as training makes them while its workers run: of every row, and of the \
      hot tier (the first eighth of the rows), each after every process changed every value by \
      its own amount, so that every value is written as in training. Process 0 \
      prints one JSON object per size: the median and least seconds of the slowest process, \
      and the values each process sends.

      Example:
        mpirun -np 2 samplex sync --vocab-size 100000 --vocab-size 1000000
      """)

  @Option(help: "Rows V of the tables; repeat it for several sizes.")
  var vocabSize: [Int] = [100_000]

  @Option(help: "Vector size d.")
  var dim = 100

  @Option(help: "Untimed synchronizations of each kind first.")
  var warmup = 2

  @Option(help: "Timed synchronizations of each kind; the median is reported.")
  var repeats = 10

  func validate() throws {
    for (name, value) in [("--dim", dim), ("--repeats", repeats)] where value < 1 {
      throw ValidationError("\(name) must be at least 1.")
    }
    if warmup < 0 { throw ValidationError("--warmup cannot be negative.") }
    for size in vocabSize where size < 1 || size > Int(Int32.max) {
      throw ValidationError("--vocab-size must be between 1 and \(Int32.max), not \(size).")
    }
  }

  func run() throws {
    guard let processes = LaunchedProcesses.join() else { throw NotLaunched() }
    let group = processes.group
    for rows in vocabSize {
      // The model and the agreed copy, each 2·V·d + V floats. Every process checks its own
      // memory, and all stop where any lacks it, so that none waits in a sum for another.
      var shortage: (any Error)?
      do {
        try MemoryCheck.require(
          MemoryCheck.product(2, rows, 2 * dim + 1, MemoryLayout<Float>.size),
          for: "two copies of tables of \(rows) rows at \(dim) dimensions",
          remedy: "lower --vocab-size or --dim")
      } catch {
        shortage = error
      }
      var short = [shortage == nil ? 0.0 : 1]
      short.withUnsafeMutableBufferPointer { group.sum($0) }
      if let shortage { throw shortage }
      guard short[0] == 0 else { throw OtherProcessShort(rows: rows, dimensions: dim) }
      let model = Model(vocabularySize: rows, dimensions: dim, seed: 1)
      let agreed = AgreedModel(copying: model)
      let tiers = SyncTiers(vocabularySize: rows, layer: .softmax)
      let every = timings(model: model, agreed: agreed, group: group) {
        agreed.synchronize(
          model, rows: 0..<rows, outputRows: 0..<rows, group: group, workersRunning: true)
      }
      let hot = timings(model: model, agreed: agreed, group: group) {
        agreed.synchronize(
          model, rows: tiers.input, outputRows: tiers.output, group: group, workersRunning: true)
      }
      guard group.rank == 0 else { continue }
      let result: [String: Any] = [
        "processes": group.size, "V": rows, "d": dim, "repeats": repeats,
        "every_row_floats": rows * (2 * dim + 1),
        "hot_rows_floats": tiers.input.count * dim + tiers.output.count * (dim + 1),
        "every_row_s_median": median(every), "every_row_s_min": every.min() ?? 0,
        "hot_rows_s_median": median(hot), "hot_rows_s_min": hot.min() ?? 0,
      ]
      let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
      TerminalOutput.line(String(decoding: data, as: UTF8.self))
    }
    processes.finish()
  }

  /// The seconds of each timed `synchronize`, of the slowest process (on process 0; empty on
  /// the others). Every value of `model` changes before each, by an amount of this process's
  /// own (so that the mean differs from its change and is written, as in training), and the
  /// processes start each together.
  private func timings(
    model: Model, agreed: AgreedModel, group: any ProcessGroup, _ synchronize: () -> Void
  ) -> [Double] {
    let clock = ContinuousClock()
    var seconds: [Double] = []
    let change = 1e-3 * Float(group.rank + 1)
    for round in 0..<(warmup + repeats) {
      for table in [model.input, model.output, model.bias] {
        table.withValues { values in
          for index in values.indices { values[index] += change }
        }
      }
      var together = [0.0]
      together.withUnsafeMutableBufferPointer { group.sum($0) }
      let start = clock.now
      synchronize()
      let elapsed = clock.now - start
      if round >= warmup {
        seconds.append(elapsed.seconds)
      }
    }
    let all = group.gather(seconds.withUnsafeBytes { Array($0) })
    guard group.rank == 0 else { return [] }
    let each = all.map { bytes in
      bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    }
    return (0..<repeats).map { index in each.map { $0[index] }.max() ?? 0 }
  }
}

/// Another process of `samplex sync` lacks the memory for the tables this one has room for.
private struct OtherProcessShort: Error, CustomStringConvertible {
  let rows: Int
  let dimensions: Int

  var description: String {
    "another process lacks the memory for two copies of tables of \(rows) rows at \(dimensions) "
      + "dimensions (it says how much); lower --vocab-size or --dim, or start fewer processes on "
      + "its host."
  }
}

/// `samplex sync` started without `mpirun`, or from a build without the MPI trait.
private struct NotLaunched: Error, CustomStringConvertible {
  var description: String {
    "samplex sync times synchronizations between processes that mpirun started, and this one "
      + "was started alone; run it as 'mpirun -np 2 samplex sync' from a build with MPI "
      + "('swift build -c release --traits MPI')."
  }
}
