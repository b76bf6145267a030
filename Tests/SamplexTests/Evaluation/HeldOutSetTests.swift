import Foundation
import Samplex
import Testing

@Suite struct HeldOutSetTests {
  /// Each pair's loss is `logsumexp_j (u_c·w_j + b_j) − (u_c·w_o + b_o)`, here in Double over
  /// all 50 classes. The pairs repeat their context words (as whole windows do), in an order
  /// that puts repeats in different batches of 3. The bound: float32 logits of 13 products of
  /// magnitude ≤ 1 are off by ~1e-6, and the float32 log-sum-exp over 50 classes by about as
  /// much again; a normalizer of the wrong context word would be off by far more than 1e-4.
  @Test func eachPairsLossIsTheExactCrossEntropyOfItsOwnContext() {
    let (vocabulary, d) = (50, 13)
    let model = Model(vocabularySize: vocabulary, dimensions: d, seed: 3)
    for (table, seed) in [(model.input, UInt64(1)), (model.output, 2), (model.bias, 4)] {
      let values = randomValues(table.rows * table.dimensions, scale: 1, seed: seed)
      table.storage.update(from: values, count: values.count)
    }
    let contexts: [Int32] = [7, 7, 3, 49, 7, 0, 3, 3, 12, 49, 7]
    let centres: [Int32] = [1, 2, 2, 7, 49, 0, 3, 8, 12, 0, 7]
    let set = HeldOutSet(contexts: contexts, centres: centres)
    let losses = set.losses(model: model, batchSize: 3)
    #expect(losses.count == contexts.count)
    func logit(_ context: Int32, _ centre: Int32) -> Double {
      let u = model.input.row(context)
      let w = model.output.row(centre)
      return (0..<d).reduce(Double(model.bias.storage[Int(centre)])) {
        $0 + Double(u[$1]) * Double(w[$1])
      }
    }
    for (pair, (context, centre)) in zip(contexts, centres).enumerated() {
      let all = (0..<vocabulary).map { logit(context, Int32($0)) }
      let top = all.max()!
      let exact = top + log(all.reduce(0) { $0 + exp($1 - top) }) - logit(context, centre)
      #expect(abs(losses[pair] - exact) <= 1e-4, "pair \(pair): \(losses[pair]) against \(exact)")
    }
    let mean = set.crossEntropy(model: model, batchSize: 3)!
    #expect(abs(mean - losses.reduce(0, +) / Double(losses.count)) <= 1e-12)
  }
}
