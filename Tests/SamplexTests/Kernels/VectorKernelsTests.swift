import Samplex
import Testing

@Suite struct VectorKernelsTests {
  /// Lengths around the SIMD steps (16, 8, 4) and d = 100; the SIMD sum reassociates n terms of
  /// magnitude ≤ 1, so it may differ from the plain loop by n·ε·Σ|a·b| ≤ n² · 1.2e-7.
  @Test(arguments: [0, 1, 3, 4, 5, 8, 12, 15, 16, 17, 100, 101, 300])
  func simdKernelsAgreeWithThePlainLoops(count: Int) {
    let a = randomValues(count, scale: 1, seed: 1)
    let b = randomValues(count, scale: 1, seed: 2)
    let fast = Kernels.dot(a, b, count: count)
    let plain = Kernels.dotReference(a, b, count: count)
    #expect(abs(fast - plain) <= Float(count * count) * 1.2e-7 + 1e-7)
    var y1 = b
    var y2 = b
    Kernels.axpy(0.3, a, &y1, count: count)
    Kernels.axpyReference(0.3, a, &y2, count: count)
    for i in 0..<count { #expect(abs(y1[i] - y2[i]) <= 2.4e-7) }
    // y += 0.5·a − 2·b, as one combination of two rows.
    var y3 = [Float](repeating: 1, count: count)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        let rows = [
          UnsafeMutablePointer(mutating: pa.baseAddress ?? UnsafePointer(bitPattern: 8)!),
          UnsafeMutablePointer(mutating: pb.baseAddress ?? UnsafePointer(bitPattern: 8)!),
        ]
        let coefficients: [Float] = [0.5, -2]
        Kernels.addCombination(
          of: rows, coefficients: coefficients, rowCount: 2, to: &y3, count: count)
      }
    }
    for i in 0..<count { #expect(abs(y3[i] - (1 + 0.5 * a[i] - 2 * b[i])) <= 4.8e-7) }
  }
}

@Suite struct FusedRowKernelsTests {
  /// Each fused pass gives exactly the values of the passes it replaces: the same operation on
  /// each element (x + b, x·f, sum + x), with the tails past the last full SIMD step included.
  @Test(arguments: [0, 1, 7, 8, 9, 100, 1003])
  func fusedPassesAreThePassesTheyReplace(count: Int) {
    let logits = randomValues(count, scale: 20, seed: 3)
    let biases = randomValues(count, scale: 5, seed: 4)
    let running = randomValues(count, scale: 1, seed: 5)
    var fused = logits
    var apart = logits
    let fusedMaximum = Kernels.addAndMaximum(biases, &fused, count: count)
    Kernels.axpy(1, biases, &apart, count: count)
    #expect(fused == apart)
    #expect(fusedMaximum == Kernels.maximum(apart, count: count))
    var fusedSum = running
    var apartSum = running
    Kernels.scaleAndAccumulate(&fused, by: 0.37, into: &fusedSum, count: count)
    Kernels.scale(&apart, by: 0.37, count: count)
    Kernels.axpy(1, apart, &apartSum, count: count)
    #expect(fused == apart)
    #expect(fusedSum == apartSum)
  }
}

@Suite struct DotBlockTests {
  /// Every (row, column) of odd and even block shapes and lengths with and without an 8-lane
  /// tail, against the plain loop (same bound as above: n² · 1.2e-7).
  @Test(arguments: [
    (1, 1, 8), (2, 4, 100), (5, 7, 100), (3, 6, 13), (4, 65, 101), (1, 6, 100), (1, 5, 7),
    (1, 3, 100), (1, 4, 9), (1, 9, 17), (1, 6, 13), (1, 6, 24), (1, 13, 101), (1, 6, 3),
  ])
  func everyDotOfTheBlock(shape: (rows: Int, columns: Int, length: Int)) {
    let (m, n, d) = shape
    let rowValues = (0..<m).map { randomValues(d, scale: 1, seed: UInt64(10 + $0)) }
    let columnValues = (0..<n).map { randomValues(d, scale: 1, seed: UInt64(100 + $0)) }
    var out = [Float](repeating: .nan, count: m * n)
    let rowPointers = rowValues.map { values in
      let pointer = UnsafeMutablePointer<Float>.allocate(capacity: d)
      pointer.initialize(from: values, count: d)
      return pointer
    }
    let columnPointers = columnValues.map { values in
      let pointer = UnsafeMutablePointer<Float>.allocate(capacity: d)
      pointer.initialize(from: values, count: d)
      return pointer
    }
    defer { (rowPointers + columnPointers).forEach { $0.deallocate() } }
    Kernels.dotBlock(
      rows: rowPointers, rowCount: m, columns: columnPointers, columnCount: n, count: d,
      into: &out)
    for j in 0..<m {
      for k in 0..<n {
        let plain = Kernels.dotReference(rowValues[j], columnValues[k], count: d)
        #expect(abs(out[j * n + k] - plain) <= Float(d * d) * 1.2e-7 + 1e-7, "(\(j), \(k))")
      }
    }
  }
}

@Suite struct WindowUpdateTests {
  /// The one-pass update of six output rows equals the two-product form (ΔW into scratch, U
  /// updated, ΔW added) bit for bit: for windows of 1 to 10 context rows, lengths with and
  /// without an 8-lane tail, and output rows that repeat (a candidate drawn twice, a candidate
  /// equal to the centre), which must receive every sum.
  @Test(arguments: [(1, 100), (2, 100), (6, 100), (10, 100), (3, 13), (7, 8), (4, 5)])
  func theOnePassUpdateIsTheTwoProductForm(shape: (contexts: Int, length: Int)) {
    let (m, d) = shape
    // Output slots 0…5 point at rows 0, 1, 2, 0, 3, 1 of the output table.
    let outputSlots = [0, 1, 2, 0, 3, 1]
    let gradients = randomValues(m * 6, scale: 0.1, seed: 5)
    func tables() -> (inputs: UnsafeMutablePointer<Float>, outputs: UnsafeMutablePointer<Float>) {
      let inputs = UnsafeMutablePointer<Float>.allocate(capacity: m * d)
      inputs.initialize(from: randomValues(m * d, scale: 1, seed: 6), count: m * d)
      let outputs = UnsafeMutablePointer<Float>.allocate(capacity: 4 * d)
      outputs.initialize(from: randomValues(4 * d, scale: 1, seed: 7), count: 4 * d)
      return (inputs, outputs)
    }
    func rows(_ t: (inputs: UnsafeMutablePointer<Float>, outputs: UnsafeMutablePointer<Float>))
      -> (contexts: [UnsafeMutablePointer<Float>], outputs: [UnsafeMutablePointer<Float>])
    {
      ((0..<m).map { t.inputs + $0 * d }, outputSlots.map { t.outputs + $0 * d })
    }
    let onePass = tables()
    let twoProducts = tables()
    defer {
      for t in [onePass, twoProducts] {
        t.inputs.deallocate()
        t.outputs.deallocate()
      }
    }
    let (contexts, outputs) = rows(onePass)
    #expect(!Kernels.hasRepeatedRow(contexts, count: m))
    Kernels.windowUpdate6(
      contexts: contexts, contextCount: m, outputs: outputs, gradients: gradients, count: d)
    // The two-product form, as `SampledWindowLoss` applies it to other windows.
    let (contexts2, outputs2) = rows(twoProducts)
    var deltas = [Float](repeating: 0, count: 6 * d)
    deltas.withUnsafeMutableBufferPointer { delta in
      for k in 0..<6 {
        Kernels.addCombination(
          of: contexts2, coefficients: Array(gradients[k...]), rowCount: m, stride: 6,
          to: delta.baseAddress! + k * d, count: d)
      }
      for j in 0..<m {
        Kernels.addCombination(
          of: outputs2, coefficients: Array(gradients[(j * 6)...]), rowCount: 6,
          to: contexts2[j], count: d)
      }
      for k in 0..<6 { Kernels.axpy(1, delta.baseAddress! + k * d, outputs2[k], count: d) }
    }
    #expect(
      Array(UnsafeBufferPointer(start: onePass.inputs, count: m * d))
        == Array(UnsafeBufferPointer(start: twoProducts.inputs, count: m * d)))
    #expect(
      Array(UnsafeBufferPointer(start: onePass.outputs, count: 4 * d))
        == Array(UnsafeBufferPointer(start: twoProducts.outputs, count: 4 * d)))
    // And the update is not nothing: row 0 (slots 0 and 3) moved.
    let untouched = tables()
    defer {
      untouched.inputs.deallocate()
      untouched.outputs.deallocate()
    }
    #expect(onePass.outputs[0] != untouched.outputs[0])
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
