import Foundation
import Testing

@testable import Samplex

/// The held-out pairs a run scores when none are set: as many as cost 5% of an epoch's
/// multiply-adds, from 100 to 2000; a number set is kept.
@Suite struct HeldOutCostTests {
  /// `words` words seen `count` times each.
  static func vocabulary(words: Int, count: Int64) -> Vocabulary {
    Vocabulary(
      words: (0..<words).map { "w\($0)" }, counts: [Int64](repeating: count, count: words))
  }

  /// Skip-gram with negative sampling's 5 candidates, a window of 5, `dimensions`, no
  /// subsampling and no held-out share, so that an epoch trains every word once.
  static func options(dimensions: Int = 300) -> TrainingOptions {
    var options = TrainingOptions()
    options.dimensions = dimensions
    options.subsample = 0
    options.heldOutShare = 0
    return options
  }

  @Test func aSmallVocabularyKeepsTheDefault() {
    // 10^6 words of 100: a pair costs (100 / 10 + 1) × 100, an epoch 10^6 × 6 × 19 × 100.
    let vocabulary = Self.vocabulary(words: 100, count: 10_000)
    let options = Self.options(dimensions: 100)
    let cost = HeldOutCost(options: options, vocabulary: vocabulary)
    #expect(cost.pairMultiplyAdds == 1100)
    #expect(cost.epochMultiplyAdds == 1e6 * 6 * 19 * 100)
    #expect(cost.automaticPairs == 2000)
    #expect(cost.note(for: options) == nil)
    #expect(HeldOutCost.decided(options, vocabulary: vocabulary).heldOutPairs == 2000)
  }

  @Test func aLargeVocabularyOverASmallCorpusIsCapped() {
    // 10^5 words of 10^4, d = 300: a pair costs 1001 × 300, an epoch 10^5 × 34,200, and 5% of
    // it pays for 569.4 pairs.
    let vocabulary = Self.vocabulary(words: 10_000, count: 10)
    let options = Self.options()
    let cost = HeldOutCost(options: options, vocabulary: vocabulary)
    #expect(cost.pairMultiplyAdds == 1001 * 300)
    #expect(cost.epochMultiplyAdds == 1e5 * 34_200)
    #expect(cost.automaticPairs == 569)
    #expect(abs(cost.epochShare(ofPairs: 569) - 0.05) < 0.001)
    #expect(
      cost.note(for: options)
        == "held-out cross-entropy on 569 pairs (capped from 2000 so that it costs about 5% of an "
        + "epoch)")
    let decided = HeldOutCost.decided(options, vocabulary: vocabulary)
    #expect(decided.heldOutPairs == 569 && decided.heldOutPairsSetting == 569)
    // Two processes each train half an epoch, and score pairs of their own.
    #expect(
      HeldOutCost(options: options, vocabulary: vocabulary, processes: 2).automaticPairs == 284)
  }

  @Test func theFloorHolds() {
    // A tenth of the corpus above: 5% of an epoch pays for 56.9 pairs; 100 cost 8.8%.
    let vocabulary = Self.vocabulary(words: 10_000, count: 1)
    let options = Self.options()
    let cost = HeldOutCost(options: options, vocabulary: vocabulary)
    #expect(cost.automaticPairs == HeldOutCost.minimumPairs)
    #expect(
      cost.note(for: options)
        == "held-out cross-entropy on 100 pairs (capped from 2000; the fewest it scores, they cost "
        + "about 9% of an epoch)")
  }

  @Test func aNumberSetIsKeptAndItsCostSaid() {
    let vocabulary = Self.vocabulary(words: 10_000, count: 10)
    var options = Self.options()
    options.heldOutPairs = 2000
    #expect(HeldOutCost.decided(options, vocabulary: vocabulary).heldOutPairs == 2000)
    // 2000 × 300,300 / 3.42·10^9 = 17.6%.
    #expect(
      HeldOutCost(options: options, vocabulary: vocabulary).note(for: options)
        == "held-out cross-entropy on 2000 pairs (training.heldout_pairs) costs about 18% of an "
        + "epoch; unset, it would score 569")
    for pairs in [0, 10, 569] {
      options.heldOutPairs = pairs
      #expect(HeldOutCost.decided(options, vocabulary: vocabulary).heldOutPairs == pairs)
      #expect(HeldOutCost(options: options, vocabulary: vocabulary).note(for: options) == nil)
    }
  }

  @Test func eachLossAndArchitecturePricesItsRows() {
    let vocabulary = Self.vocabulary(words: 1024, count: 10)
    let kept = 10_240.0
    var options = Self.options(dimensions: 10)
    func cost() -> HeldOutCost { HeldOutCost(options: options, vocabulary: vocabulary) }
    // CBOW: one example a word, 3 × 6 output rows and 2 × 6 context rows.
    options.architecture = .cbow
    #expect(cost().epochMultiplyAdds == kept * (3 * 6 + 2 * 6) * 10)
    options.architecture = .skipGram
    options.samples = 63
    #expect(cost().epochMultiplyAdds == kept * 6 * (3 * 64 + 1) * 10)
    // The full softmax: V rows an example.
    options.loss = .fullSoftmax
    #expect(cost().epochMultiplyAdds == kept * 6 * (3 * 1024 + 1) * 10)
    let pair: Double = (1024 / 10 + 1) * 10
    #expect(cost().pairMultiplyAdds == pair)
    // The hierarchical softmax: log2 V = 10 inner nodes an example and a pair, so that its
    // pairs cost a share of the epoch that no vocabulary size changes.
    options.loss = .hierarchicalSoftmax
    #expect(cost().epochMultiplyAdds == kept * 6 * (3 * 10 + 1) * 10)
    #expect(cost().pairMultiplyAdds == 10 * 10)
    #expect(cost().automaticPairs == 2000)
  }

  @Test func subsamplingAndTheHeldOutShareShortenTheEpoch() {
    let vocabulary = Vocabulary(words: ["a", "b", "c"], counts: [1000, 100, 1])
    let subsampler = Subsampler(vocabulary: vocabulary, threshold: 1e-3)
    let expected = zip(vocabulary.counts.indices, vocabulary.counts).reduce(0.0) {
      $0 + Double($1.1) * subsampler.keepProbability(of: Int32($1.0))
    }
    let kept = Subsampler.expectedKeptWords(of: vocabulary, threshold: 1e-3)
    #expect(abs(kept - expected) < 1e-3)
    #expect(kept < 1101 && kept > 1)
    #expect(Subsampler.expectedKeptWords(of: vocabulary, threshold: 0) == 1101)
    var options = Self.options(dimensions: 10)
    options.subsample = 1e-3
    options.heldOutShare = 0.5
    #expect(
      abs(
        HeldOutCost(options: options, vocabulary: vocabulary).epochMultiplyAdds
          - kept * 0.5 * 6 * 19 * 10) < 1e-6)
  }
}
