import Samplex
import Testing

@Suite struct CBOWKernelsTests {
  /// Rows of `count` floats from a seed, each its own allocation.
  func rows(_ count: Int, length d: Int, seed: UInt64) -> [UnsafeMutablePointer<Float>] {
    (0..<count).map { r in
      let row = UnsafeMutablePointer<Float>.allocate(capacity: d)
      row.initialize(from: randomValues(d, scale: 1, seed: seed &+ UInt64(r)), count: d)
      return row
    }
  }

  func values(_ rows: [UnsafeMutablePointer<Float>], length d: Int) -> [[Float]] {
    rows.map { Array(UnsafeBufferPointer(start: $0, count: d)) }
  }

  /// The one-pass mean is zero, `axpy(1, row)` for each row and a scaling, bit for bit, with a
  /// row listed twice, for lengths with and without an 8-lane tail.
  @Test(arguments: [(1, 100), (4, 100), (10, 13), (3, 5), (6, 44), (2, 3)])
  func theMeanIsTheLoopOfAxpys(shape: (rows: Int, length: Int)) {
    let (m, d) = shape
    let table = rows(m, length: d, seed: 20)
    defer { table.forEach { $0.deallocate() } }
    let listed = table + [table[0]]
    var fused = [Float](repeating: .nan, count: d)
    Kernels.scaledSum(of: listed, rowCount: m + 1, scale: 1 / Float(m + 1), into: &fused, count: d)
    var loops = [Float](repeating: 0, count: d)
    for row in listed { Kernels.axpy(1, row, &loops, count: d) }
    for i in 0..<d { loops[i] *= 1 / Float(m + 1) }
    #expect(fused == loops)
    #expect(abs(fused[0] - (listed.map { $0[0] }.reduce(0, +) / Float(m + 1))) < 1e-6)
  }

  /// The one-pass update is word2vec.c's loops (for each output: update += g·W, W += g·h;
  /// then each context += update) bit for bit, with an output row and a context row listed
  /// twice, each of which must take both of its updates in turn.
  @Test(arguments: [
    (4, 6, 100), (1, 6, 100), (8, 2, 13), (5, 65, 7), (2, 1, 8), (3, 6, 44), (2, 3, 3),
  ])
  func theUpdateIsWord2vecsLoops(shape: (contexts: Int, outputs: Int, length: Int)) {
    let (m, n, d) = shape
    let hidden = randomValues(d, scale: 1, seed: 30)
    let gradients = randomValues(n + 1, scale: 0.1, seed: 31)
    func tables() -> (
      contexts: [UnsafeMutablePointer<Float>], outputs: [UnsafeMutablePointer<Float>]
    ) {
      (rows(m, length: d, seed: 40), rows(n, length: d, seed: 50))
    }
    let fused = tables()
    let loops = tables()
    defer {
      (fused.contexts + fused.outputs + loops.contexts + loops.outputs).forEach { $0.deallocate() }
    }
    // The first output and the first context are listed again at the end.
    let listed = (
      fused: (
        contexts: fused.contexts + [fused.contexts[0]], outputs: fused.outputs + [fused.outputs[0]]
      ),
      loops: (
        contexts: loops.contexts + [loops.contexts[0]], outputs: loops.outputs + [loops.outputs[0]]
      )
    )
    Kernels.cbowUpdate(
      hidden: hidden, outputs: listed.fused.outputs, gradients: gradients, outputCount: n + 1,
      contexts: listed.fused.contexts, contextCount: m + 1, count: d)
    var update = [Float](repeating: 0, count: d)
    for (k, row) in listed.loops.outputs.enumerated() {
      Kernels.axpy(gradients[k], row, &update, count: d)
      Kernels.axpy(gradients[k], hidden, row, count: d)
    }
    for row in listed.loops.contexts { Kernels.axpy(1, update, row, count: d) }
    #expect(values(fused.contexts, length: d) == values(loops.contexts, length: d))
    #expect(values(fused.outputs, length: d) == values(loops.outputs, length: d))
    // And the update is not nothing.
    let untouched = tables()
    defer { (untouched.contexts + untouched.outputs).forEach { $0.deallocate() } }
    #expect(values(fused.outputs, length: d) != values(untouched.outputs, length: d))
    #expect(values(fused.contexts, length: d) != values(untouched.contexts, length: d))
  }
}
