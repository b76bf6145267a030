@_spi(Kernels) import Samplex
import Testing

@Suite struct WindowUpdateTests {
  /// The rows one window updates: `contextCount` context rows (the first listed again at the
  /// end when `repeatedContext`) and a table of output rows, whose slot k is row k except slot 3,
  /// which takes row 0 again (a candidate drawn twice, or equal to the centre); the gradient
  /// block G (contexts × outputs) is of word2vec's size, |G_jk| ≤ 0.1.
  struct Window {
    let contexts: KernelRows
    let outputs: KernelRows
    let contextSlots: [UnsafeMutablePointer<Float>]
    let outputSlots: [UnsafeMutablePointer<Float>]
    let gradients: [Float]

    init(contexts m: Int, outputs n: Int, length d: Int, repeatedContext: Bool) {
      self.init(
        contexts: KernelRows(m, length: d, seed: 40), outputs: KernelRows(n, length: d, seed: 60),
        repeatedContext: repeatedContext,
        gradients: randomValues((m + (repeatedContext ? 1 : 0)) * n, scale: 0.1, seed: 5))
    }

    /// The same window over copies of `other`'s rows.
    init(copying other: Window) {
      self.init(
        contexts: KernelRows(copying: other.contexts), outputs: KernelRows(copying: other.outputs),
        repeatedContext: other.contextSlots.count > other.contexts.pointers.count,
        gradients: other.gradients)
    }

    private init(
      contexts: KernelRows, outputs: KernelRows, repeatedContext: Bool, gradients: [Float]
    ) {
      self.contexts = contexts
      self.outputs = outputs
      contextSlots = contexts.pointers + (repeatedContext ? [contexts.pointers[0]] : [])
      outputSlots = outputs.pointers.indices.map { outputs.pointers[$0 == 3 ? 0 : $0] }
      self.gradients = gradients
    }

    /// The reference's update of this window's rows.
    func updateByReference(contextScale: Float = 1) {
      let scratch = WindowUpdateScratch(
        maxContexts: contextSlots.count, dimensions: contexts.length)
      defer { scratch.deallocate() }
      Kernels.windowUpdateReference(
        contexts: contextSlots, contextCount: contextSlots.count, outputs: outputSlots,
        outputCount: outputSlots.count, gradients: gradients, scratch: scratch,
        count: contexts.length, contextScale: contextScale)
    }

    /// Expects these rows to be `reference`'s within rounding: an element takes at most
    /// T = 2·max(contexts, outputs) products of magnitude ≤ 0.1 (an output row in two slots takes
    /// two sums) onto a value of magnitude ≤ 1, a sum of T + 1 terms.
    func expectRows(matching reference: Window, sourceLocation: SourceLocation = #_sourceLocation) {
      let products = 2 * max(contextSlots.count, outputSlots.count)
      let tolerance = roundingBound(terms: products + 1, magnitude: 1 + 0.1 * Float(products))
      expectAgreement(
        contexts.values, reference.contexts.values, within: tolerance, "contexts",
        sourceLocation: sourceLocation)
      expectAgreement(
        outputs.values, reference.outputs.values, within: tolerance, "outputs",
        sourceLocation: sourceLocation)
    }
  }

  /// The one-pass update of six output rows, in place, is the reference's: windows of 1 to 10
  /// distinct context rows, lengths with and without an 8-lane tail, and output rows that
  /// repeat, which must receive every sum.
  @Test(arguments: [(1, 100), (2, 100), (6, 100), (10, 100), (3, 13), (7, 8), (4, 5), (2, 1)])
  func windowUpdate6IsTheReference(shape: (contexts: Int, length: Int)) {
    let fast = Window(
      contexts: shape.contexts, outputs: 6, length: shape.length, repeatedContext: false)
    let reference = Window(copying: fast)
    let untouched = Window(copying: fast)
    #expect(!Kernels.hasRepeatedRow(fast.contextSlots, count: shape.contexts))
    Kernels.windowUpdate6(
      contexts: fast.contextSlots, contextCount: shape.contexts, outputs: fast.outputSlots,
      gradients: fast.gradients, count: shape.length)
    reference.updateByReference()
    fast.expectRows(matching: reference)
    // And the update is not nothing: row 0 (slots 0 and 3) moved.
    #expect(fast.outputs.values[0] != untouched.outputs.values[0])
  }

  /// `windowUpdate` for any number of outputs is the reference's: six outputs in one pass, or
  /// six at a time through the grouped form (fewer than six, more than six, a last group padded,
  /// a context row listed twice, which takes both of its updates). An output row listed twice
  /// is so within one group of six here, where every sum is taken from the rows as they were.
  @Test(arguments: [
    (10, 6, 100, false), (10, 6, 100, true), (3, 1, 13, false), (4, 4, 9, true),
    (5, 7, 100, false), (10, 16, 100, false), (2, 13, 101, true), (1, 12, 8, false),
    (6, 2, 3, true),
  ])
  func windowUpdateIsTheReference(
    shape: (contexts: Int, outputs: Int, length: Int, repeatedContext: Bool)
  ) {
    let fast = Window(
      contexts: shape.contexts, outputs: shape.outputs, length: shape.length,
      repeatedContext: shape.repeatedContext)
    let reference = Window(copying: fast)
    let untouched = Window(copying: fast)
    let m = fast.contextSlots.count
    let scratch = WindowUpdateScratch(maxContexts: m, dimensions: shape.length)
    defer { scratch.deallocate() }
    Kernels.windowUpdate(
      contexts: fast.contextSlots, contextCount: m, outputs: fast.outputSlots,
      outputCount: shape.outputs, gradients: fast.gradients, scratch: scratch,
      count: shape.length)
    reference.updateByReference()
    fast.expectRows(matching: reference)
    #expect(fast.contexts.values[0] != untouched.contexts.values[0])
  }

  /// A context scale s takes s times the contexts' updates and leaves the outputs' alone: the
  /// scaled update is the reference's with the same s, its outputs are the unscaled update's bit
  /// for bit, and each context moved s times as far as unscaled (six outputs too, which then go
  /// through the grouped form).
  @Test(arguments: [(10, 6, 100), (4, 65, 100), (3, 13, 13)])
  func aContextScaleScalesOnlyTheContextsUpdate(shape: (contexts: Int, outputs: Int, length: Int)) {
    let scale: Float = 0.25
    let scaled = Window(
      contexts: shape.contexts, outputs: shape.outputs, length: shape.length,
      repeatedContext: false)
    let (plain, reference, untouched) = (
      Window(copying: scaled), Window(copying: scaled), Window(copying: scaled)
    )
    let scratch = WindowUpdateScratch(maxContexts: shape.contexts, dimensions: shape.length)
    defer { scratch.deallocate() }
    for (window, contextScale) in [(scaled, scale), (plain, 1)] {
      Kernels.windowUpdate(
        contexts: window.contextSlots, contextCount: shape.contexts, outputs: window.outputSlots,
        outputCount: shape.outputs, gradients: window.gradients, scratch: scratch,
        count: shape.length, contextScale: contextScale)
    }
    reference.updateByReference(contextScale: scale)
    scaled.expectRows(matching: reference)
    #expect(scaled.outputs.values == plain.outputs.values)
    let before = Array(untouched.contexts.values.joined())
    let moved = zip(
      zip(Array(scaled.contexts.values.joined()), Array(plain.contexts.values.joined())), before
    ).map {
      pair, start in (pair.0 - start, scale * (pair.1 - start))
    }
    #expect(moved.contains { $0.1 != 0 })
    let tolerance = roundingBound(terms: 2 * shape.outputs + 2, magnitude: 2)
    #expect(moved.allSatisfy { abs($0.0 - $0.1) <= tolerance })
  }

  /// The reference is the math: one context u = 2 and outputs w = (3, −1) with G = (0.5, 0.25)
  /// give u + 0.5·3 + 0.25·(−1) = 3.25 and w = (3 + 0.5·2, −1 + 0.25·2) = (4, −0.5), both
  /// from the values before the window.
  @Test func theReferenceIsTheFormula() {
    let context = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    let outputs = UnsafeMutablePointer<Float>.allocate(capacity: 2)
    defer {
      context.deallocate()
      outputs.deallocate()
    }
    context.initialize(to: 2)
    outputs.initialize(from: [3, -1], count: 2)
    let scratch = WindowUpdateScratch(maxContexts: 1, dimensions: 1)
    defer { scratch.deallocate() }
    Kernels.windowUpdateReference(
      contexts: [context], contextCount: 1, outputs: [outputs, outputs + 1], outputCount: 2,
      gradients: [0.5, 0.25], scratch: scratch, count: 1)
    #expect(context.pointee == 3.25)
    #expect(outputs[0] == 4)
    #expect(outputs[1] == -0.5)
  }

  @Test func repeatedRowsAreFound() {
    let table = UnsafeMutablePointer<Float>.allocate(capacity: 40)
    defer { table.deallocate() }
    let rows = [table, table + 10, table + 20, table + 30]
    #expect(!Kernels.hasRepeatedRow(rows, count: 4))
    #expect(Kernels.hasRepeatedRow(rows + [table + 20], count: 5))
    #expect(!Kernels.hasRepeatedRow(rows + [table + 20], count: 4))
    #expect(!Kernels.hasRepeatedRow([table], count: 1))
  }
}
