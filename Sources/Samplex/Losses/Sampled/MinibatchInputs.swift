/// A minibatch's input ids and the rows X they gather into (`MinibatchSampledStep`): example
/// `i`'s input is the mean of its rows `inputs[starts[i]..<starts[i + 1]]` (CBOW's window), or
/// the one row `inputs[i]` when `starts` is nil. Its own type because a proposal that follows
/// the model reads X before the candidates are drawn, while a fixed sampler's step gathers X
/// inside its parts, after.
struct MinibatchInputs: Sendable {
  let inputs: [Int32]
  let starts: [Int32]?
  let model: Model
  let x: EmbeddingTable
  let dimensions: Int

  /// The input ids of example `i`.
  @inline(__always)
  func range(_ i: Int) -> Range<Int> {
    guard let starts else { return i..<(i + 1) }
    return Int(starts[i])..<Int(starts[i + 1])
  }

  /// Gathers X's `rows`, asking `prefetchDistance` examples ahead for their input rows and for
  /// the output rows of their `labels`, which the logits read next.
  func gather(rows: Range<Int>, labels: [Int32], prefetchDistance ahead: Int) {
    let d = dimensions
    for i in rows {
      if i + ahead < rows.upperBound {
        for position in range(i + ahead) {
          Kernels.prefetch(model.input.row(inputs[position]), count: d)
        }
        Kernels.prefetch(model.output.row(labels[i + ahead]), count: d)
      }
      let row = x.row(Int32(i))
      let range = range(i)
      if range.count == 1 {
        row.update(from: model.input.row(inputs[range.lowerBound]), count: d)
      } else {
        // CBOW: the mean of the window's context rows.
        row.update(repeating: 0, count: d)
        for position in range {
          Kernels.axpy(1 / Float(range.count), model.input.row(inputs[position]), row, count: d)
        }
      }
    }
  }
}
