/// The model as processes training together last agreed on it, and the synchronization that
/// moves it on: each process sends the change of its copy since then, and every process's rows
/// become the agreed ones plus the mean of the changes of all.
///
/// Why the mean, with each process training at N times the run's rate
/// (`LearningRateSchedule`): a row that
/// changes slowly moves by the sum of the processes' steps at the run's rate, as one process
/// training on all their words would move it; a row that settles within an interval (a frequent
/// word's) settles where each process's copy settled. Adding up the changes at the run's rate
/// (an earlier build) moved such a row N-fold past that point at every synchronization, so that
/// it swung from one side to the other; averaging at the run's rate (pWord2Vec's scheme)
/// divided every slow row's step by N.
///
/// The agreed tables are the same on every process bit for bit: they start as a copy of the
/// model where every process's is the same (a pass's start) and move only by sums every process
/// receives alike, divided alike, so that a synchronization after every process's workers
/// ended leaves every process the same model.
package final class AgreedModel: Sendable {
  private let input: EmbeddingTable
  private let output: EmbeddingTable
  private let bias: EmbeddingTable
  /// Two slices of `chunk` values: this process's changes and their sum over the processes.
  private let scratch: EmbeddingTable
  /// Values sent in one sum: large tables go in slices of 4 MiB rather than a third copy.
  private let chunk: Int

  /// Tables the size of `model`'s, holding its values.
  package init(copying model: Model) {
    input = EmbeddingTable(rows: model.input.rows, dimensions: model.input.dimensions)
    output = EmbeddingTable(rows: model.output.rows, dimensions: model.output.dimensions)
    bias = EmbeddingTable(rows: model.bias.rows, dimensions: model.bias.dimensions)
    chunk = min(1 << 20, model.input.rows * model.input.dimensions)
    scratch = EmbeddingTable(rows: 2, dimensions: chunk)
    reset(to: model)
  }

  /// Whether the tables are the size of `model`'s.
  package func fits(_ model: Model) -> Bool {
    input.rows == model.input.rows && input.dimensions == model.input.dimensions
      && output.rows == model.output.rows && bias.rows == model.bias.rows
  }

  /// Takes `model`'s values as the agreed ones: where every process's model is the same.
  package func reset(to model: Model) {
    for (agreed, table) in zip([input, output, bias], [model.input, model.output, model.bias]) {
      agreed.withValues { agreed in
        table.withValues { values in _ = agreed.update(fromContentsOf: values) }
      }
    }
  }

  /// Moves the `rows` of the input table and the `outputRows` of the output table and biases on
  /// by the mean of every process's change of them (a sum over `group`, which every process
  /// calls alike, divided by its size), and `model`'s to the agreed ones plus its own change
  /// since the changes were read. With `workersRunning`, a value this process
  /// changed meanwhile keeps its change (it is sent at the next synchronization), and one whose
  /// mean is this process's own change (unchanged by every process, or changed alike) is left
  /// unwritten, so that a worker's concurrent update of it is not lost; the others are written
  /// while workers may update them, as Hogwild's workers write over one another. Without,
  /// `model`'s rows become the agreed ones, the same on every process.
  package func synchronize(
    _ model: Model, rows: Range<Int>, outputRows: Range<Int>, group: any ProcessGroup,
    workersRunning: Bool
  ) {
    for (agreed, table, rows) in [
      (input, model.input, rows), (output, model.output, outputRows),
      (bias, model.bias, outputRows),
    ] {
      let width = table.dimensions
      agreed.withValues { agreed in
        table.withValues { values in
          scratch.withValues { scratch in
            var start = rows.lowerBound * width
            while start < rows.upperBound * width {
              let count = min(chunk, rows.upperBound * width - start)
              synchronize(
                UnsafeMutableBufferPointer(rebasing: values[start..<start + count]),
                agreed: UnsafeMutableBufferPointer(rebasing: agreed[start..<start + count]),
                changes: UnsafeMutableBufferPointer(rebasing: scratch[0..<count]),
                sums: UnsafeMutableBufferPointer(rebasing: scratch[chunk..<chunk + count]),
                group: group, workersRunning: workersRunning)
              start += count
            }
          }
        }
      }
    }
  }

  /// One slice of `synchronize`: `values` and their `agreed` ones, with room for this process's
  /// `changes` and their `sums`.
  private func synchronize(
    _ values: UnsafeMutableBufferPointer<Float>, agreed: UnsafeMutableBufferPointer<Float>,
    changes: UnsafeMutableBufferPointer<Float>, sums: UnsafeMutableBufferPointer<Float>,
    group: any ProcessGroup, workersRunning: Bool
  ) {
    for index in values.indices {
      changes[index] = values[index] - agreed[index]
      sums[index] = changes[index]
    }
    group.sum(sums)
    let processes = Float(group.size)
    for index in values.indices {
      // The agreed value moves by the mean alone, which every process computes alike.
      let mean = sums[index] / processes
      agreed[index] += mean
      if !workersRunning {
        values[index] = agreed[index]
      } else if mean != changes[index] {
        values[index] += mean - changes[index]
      }
    }
  }
}
