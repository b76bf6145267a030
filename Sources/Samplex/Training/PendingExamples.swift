/// The (input, centre) examples a minibatch loss has collected from its windows and not yet
/// trained: skip-gram's one context word per example, or CBOW's whole window (the mean of its
/// rows is the example's input).
package struct PendingExamples {
  /// Every example's input ids, one after another.
  package private(set) var inputs: [Int32] = []
  /// How many of `inputs` each example has (1 for skip-gram).
  package private(set) var inputCounts: [Int32] = []
  /// Each example's true class: the centre word.
  package private(set) var labels: [Int32] = []

  package init(capacity: Int = 0) {
    inputs.reserveCapacity(capacity)
    inputCounts.reserveCapacity(capacity)
    labels.reserveCapacity(capacity)
  }

  package var count: Int { labels.count }
  package var isEmpty: Bool { labels.isEmpty }

  /// Adds one example whose input is `inputs` (their mean when there are several).
  package mutating func append(label: Int32, inputs: UnsafeBufferPointer<Int32>) {
    self.inputs.append(contentsOf: inputs)
    inputCounts.append(Int32(inputs.count))
    labels.append(label)
  }

  /// Adds one example with a single input row.
  package mutating func append(label: Int32, input: Int32) {
    inputs.append(input)
    inputCounts.append(1)
    labels.append(label)
  }

  package mutating func removeAll() {
    inputs.removeAll(keepingCapacity: true)
    inputCounts.removeAll(keepingCapacity: true)
    labels.removeAll(keepingCapacity: true)
  }
}
