@_spi(Kernels) import Samplex
import Testing

@Suite struct PathUpdateTests {
  /// `pathUpdate` is its reference: windows of 1 to 10 contexts (one group, and two or more
  /// groups, where the later reads the path as the earlier left it), paths shorter and longer
  /// than six rows, lengths with 8-lane chunks, a 4-lane chunk and single floats, and a context
  /// row listed twice (within one group, and across two).
  @Test(arguments: [
    (1, 1, 100, false), (2, 12, 100, false), (4, 9, 100, true), (6, 17, 100, false),
    (5, 3, 13, false), (7, 20, 100, false), (10, 14, 102, true), (8, 6, 3, false),
    (3, 25, 4, true), (12, 2, 9, false),
  ])
  func pathUpdateIsTheReference(
    shape: (contexts: Int, path: Int, length: Int, repeatedContext: Bool)
  ) {
    let contexts = KernelRows(shape.contexts, length: shape.length, seed: 40)
    let path = KernelRows(shape.path, length: shape.length, seed: 60)
    let (referenceContexts, referencePath) = (
      KernelRows(copying: contexts), KernelRows(copying: path)
    )
    let untouched = KernelRows(copying: contexts)
    // The repeated row is the last slot, which lands in the last group: with more than six
    // contexts the first row then sits in two groups.
    func slots(_ rows: KernelRows) -> [UnsafeMutablePointer<Float>] {
      rows.pointers + (shape.repeatedContext ? [rows.pointers[0]] : [])
    }
    let m = slots(contexts).count
    let gradients = randomValues(m * shape.path, scale: 0.1, seed: 5)
    Kernels.pathUpdate(
      contexts: slots(contexts), contextCount: m, path: path.pointers, pathCount: shape.path,
      gradients: gradients, count: shape.length)
    let scratch = WindowUpdateScratch(maxContexts: m, dimensions: shape.length)
    defer { scratch.deallocate() }
    Kernels.pathUpdateReference(
      contexts: slots(referenceContexts), contextCount: m, path: referencePath.pointers,
      pathCount: shape.path, gradients: gradients, scratch: scratch, count: shape.length)
    // Each value takes at most 2·max(m, n) products of magnitude ≤ 0.1 onto a value ≤ 1.
    let products = 2 * max(m, shape.path)
    let tolerance = roundingBound(terms: products + 1, magnitude: 1 + 0.1 * Float(products))
    expectAgreement(contexts.values, referenceContexts.values, within: tolerance, "contexts")
    expectAgreement(path.values, referencePath.values, within: tolerance, "path")
    #expect(contexts.values[0] != untouched.values[0])
  }

  /// With more than six contexts the groups run in turn: the second group's context reads the
  /// path row after the first group's update. One-float rows: contexts u_1…u_7 = 1, one path row
  /// w = 2, G_j = 0.5 for every context. Groups of 3 and 4 (balanced): the first three contexts
  /// take 0.5·2 = 1 each (u = 2) and move w to 2 + 3·0.5·1 = 3.5; the last four take 0.5·3.5 =
  /// 1.75 (u = 2.75) and move w to 3.5 + 4·0.5 = 5.5.
  @Test func laterGroupsReadThePathAsTheEarlierLeftIt() {
    let contexts = KernelRows(7, length: 1, seed: 1)
    let path = KernelRows(1, length: 1, seed: 2)
    contexts.pointers.forEach { $0.pointee = 1 }
    path.pointers[0].pointee = 2
    Kernels.pathUpdate(
      contexts: contexts.pointers, contextCount: 7, path: path.pointers, pathCount: 1,
      gradients: [Float](repeating: 0.5, count: 7), count: 1)
    #expect(contexts.values.map { $0[0] } == [2, 2, 2, 2.75, 2.75, 2.75, 2.75])
    #expect(path.values[0][0] == 5.5)
  }
}
