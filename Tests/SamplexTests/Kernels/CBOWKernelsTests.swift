@_spi(Kernels) import Samplex
import Testing

@Suite struct CBOWKernelsTests {
  /// The one-pass mean is the reference's bit for bit (the same additions in the same order,
  /// then the same product), with a row listed twice, for lengths with and without an 8-lane
  /// tail.
  @Test(arguments: [(1, 100), (4, 100), (10, 13), (3, 5), (6, 44), (2, 3), (10, 100)])
  func theMeanIsTheReference(shape: (rows: Int, length: Int)) {
    let (m, d) = shape
    let table = KernelRows(m, length: d, seed: 20)
    let listed = table.pointers + [table.pointers[0]]
    var fast = [Float](repeating: .nan, count: d)
    var reference = [Float](repeating: .nan, count: d)
    Kernels.scaledSum(of: listed, rowCount: m + 1, scale: 1 / Float(m + 1), into: &fast, count: d)
    Kernels.scaledSumReference(
      of: listed, rowCount: m + 1, scale: 1 / Float(m + 1), into: &reference, count: d)
    #expect(fast == reference)
  }

  /// The one-pass update is the reference's (word2vec.c's loops), with an output row and a
  /// context row listed twice, each of which must take both of its updates in turn. The order
  /// of the operations is the reference's; an FMA build rounds each multiply-add once instead
  /// of twice, a difference within the rounding of u's n + 1 products (|g| ≤ 0.1 times an
  /// output value ≤ 1.1 after its own update), counted twice for the context row that takes u
  /// twice, on top of a value ≤ 1.
  @Test(arguments: [
    (4, 6, 100), (1, 6, 100), (8, 2, 13), (5, 65, 7), (2, 1, 8), (3, 6, 44), (2, 3, 3),
    (10, 6, 100),
  ])
  func theUpdateIsTheReference(shape: (contexts: Int, outputs: Int, length: Int)) {
    let (m, n, d) = shape
    let hidden = randomValues(d, scale: 1, seed: 30)
    let gradients = randomValues(n + 1, scale: 0.1, seed: 31)
    let fast = (
      contexts: KernelRows(m, length: d, seed: 40), outputs: KernelRows(n, length: d, seed: 50)
    )
    let reference = (
      contexts: KernelRows(copying: fast.contexts), outputs: KernelRows(copying: fast.outputs)
    )
    let untouched = (
      contexts: KernelRows(copying: fast.contexts), outputs: KernelRows(copying: fast.outputs)
    )
    // The first output and the first context are listed again at the end.
    func listed(_ rows: KernelRows) -> [UnsafeMutablePointer<Float>] {
      rows.pointers + [rows.pointers[0]]
    }
    Kernels.cbowUpdate(
      hidden: hidden, outputs: listed(fast.outputs), gradients: gradients, outputCount: n + 1,
      contexts: listed(fast.contexts), contextCount: m + 1, count: d)
    Kernels.cbowUpdateReference(
      hidden: hidden, outputs: listed(reference.outputs), gradients: gradients,
      outputCount: n + 1, contexts: listed(reference.contexts), contextCount: m + 1, count: d)
    let tolerance = roundingBound(terms: 2 * (n + 3), magnitude: 1 + 0.25 * Float(n + 1))
    expectAgreement(
      fast.contexts.values, reference.contexts.values, within: tolerance, "contexts")
    expectAgreement(fast.outputs.values, reference.outputs.values, within: tolerance, "outputs")
    // And the update is not nothing.
    #expect(fast.outputs.values != untouched.outputs.values)
    #expect(fast.contexts.values != untouched.contexts.values)
  }

  /// A context scale s adds s·u to the context rows and leaves the outputs' update alone: the
  /// fast form is the reference's with the same s, its outputs are the unscaled update's bit
  /// for bit, and each context moved s times as far (lengths with 32-, 8-, 4- and 1-lane parts).
  @Test(arguments: [(4, 6, 100), (3, 65, 45)])
  func aContextScaleScalesOnlyTheContextsUpdate(shape: (contexts: Int, outputs: Int, length: Int)) {
    let (m, n, d) = shape
    let scale: Float = 0.25
    let hidden = randomValues(d, scale: 1, seed: 30)
    let gradients = randomValues(n, scale: 0.1, seed: 31)
    func rows() -> (contexts: KernelRows, outputs: KernelRows) {
      (KernelRows(m, length: d, seed: 40), KernelRows(n, length: d, seed: 50))
    }
    let (scaled, plain, reference, untouched) = (rows(), rows(), rows(), rows())
    for (window, contextScale) in [(scaled, scale), (plain, 1)] {
      Kernels.cbowUpdate(
        hidden: hidden, outputs: window.outputs.pointers, gradients: gradients, outputCount: n,
        contexts: window.contexts.pointers, contextCount: m, count: d, contextScale: contextScale)
    }
    Kernels.cbowUpdateReference(
      hidden: hidden, outputs: reference.outputs.pointers, gradients: gradients, outputCount: n,
      contexts: reference.contexts.pointers, contextCount: m, count: d, contextScale: scale)
    let tolerance = roundingBound(terms: 2 * (n + 2), magnitude: 1 + 0.25 * Float(n))
    expectAgreement(
      scaled.contexts.values, reference.contexts.values, within: tolerance, "contexts")
    expectAgreement(scaled.outputs.values, reference.outputs.values, within: tolerance, "outputs")
    #expect(scaled.outputs.values == plain.outputs.values)
    let moved = zip(
      zip(Array(scaled.contexts.values.joined()), Array(plain.contexts.values.joined())),
      Array(untouched.contexts.values.joined())
    ).map { pair, start in (pair.0 - start, scale * (pair.1 - start)) }
    #expect(moved.contains { $0.1 != 0 })
    #expect(moved.allSatisfy { abs($0.0 - $0.1) <= tolerance })
  }

  /// The references are the formulas: the mean of (1, 2) and (3, 6) is (2, 4); with h = (2, 4),
  /// one output w = (1, −1) and g = 0.5, u = 0.5·w = (0.5, −0.5), w + 0.5·h = (2, 1), and the
  /// context row (3, 6) + u = (3.5, 5.5).
  @Test func theReferencesAreTheFormulas() {
    let rows = KernelRows(3, length: 2, seed: 0)
    rows.pointers[0].update(from: [1, 2], count: 2)
    rows.pointers[1].update(from: [3, 6], count: 2)
    rows.pointers[2].update(from: [1, -1], count: 2)
    var hidden = [Float](repeating: .nan, count: 2)
    Kernels.scaledSumReference(
      of: rows.pointers, rowCount: 2, scale: 0.5, into: &hidden, count: 2)
    #expect(hidden == [2, 4])
    Kernels.cbowUpdateReference(
      hidden: hidden, outputs: [rows.pointers[2]], gradients: [0.5], outputCount: 1,
      contexts: [rows.pointers[1]], contextCount: 1, count: 2)
    #expect(rows.values[2] == [2, 1])
    #expect(rows.values[1] == [3.5, 5.5])
  }
}
