import Testing

@testable import Samplex

@Suite struct PublishingIntervalTests {
  private func window(samples: Int) throws -> SampledWindowLoss<UniformSampler> {
    SampledWindowLoss(
      sampler: try UniformSampler(rangeMax: 1_000_000), objective: .negativeSampling,
      architecture: .skipGram, samples: samples)
  }

  /// Up to 127 candidates a window (word2vec's 5 among them) keep the 10,000 words runs always
  /// had; above, the interval shrinks as 10,000 × 128 / (S + 1), down to one word.
  @Test func windowLossesScaleTheIntervalByTheirCandidates() throws {
    let intervals = try [1, 5, 127, 128, 1_000, 100_000, 1_000_000].map {
      PublishingInterval.words(for: try window(samples: $0))
    }
    #expect(intervals == [10_000, 10_000, 10_000, 9_922, 1_278, 12, 1])
    let perPair = SampledWindowLoss(
      sampler: try UniformSampler(rangeMax: 1_000), objective: .sampledSoftmax,
      architecture: .cbow, samples: 999, sharing: .perPair)
    #expect(perPair.minibatchSize == nil)
    #expect(PublishingInterval.words(for: perPair) == 1_280)
  }

  /// A minibatch's candidates cost the same per example; the interval never falls below two
  /// batches' worth of words, nor rises above 10,000.
  @Test func batchCandidatesKeepTwoBatchesOfWords() throws {
    func batch(samples: Int, size: Int) throws -> Int {
      PublishingInterval.words(
        for: try BatchSampledLoss(
          sampler: UniformSampler(rangeMax: 1_000_000), objective: .nce, architecture: .skipGram,
          samples: samples, batchSize: size))
    }
    #expect(try batch(samples: 16, size: 64) == 10_000)
    #expect(try batch(samples: 1_000, size: 256) == 1_278)
    #expect(try batch(samples: 100_000, size: 256) == 512)
    #expect(try batch(samples: 100_000, size: 100_000) == 10_000)
  }

  /// The full softmax costs the vocabulary's size an example: 10,000 words up to V = 128,
  /// then fewer, down to two batches of 256 examples' worth at V ≥ 2,500.
  @Test func theFullSoftmaxScalesTheIntervalByTheVocabulary() {
    let intervals = [100, 128, 1_000, 2_500, 100_000, 1_000_000].map {
      PublishingInterval.words(
        for: FullSoftmaxTrainingLoss(architecture: .skipGram, dimensions: 8, vocabularySize: $0))
    }
    #expect(intervals == [10_000, 10_000, 1_280, 512, 512, 512])
  }

  /// The hierarchical softmax's longest path stays below 128 even for the deepest tree 64-bit
  /// counts allow (Fibonacci counts, which make each merge take the last one), so it keeps
  /// 10,000 words.
  @Test func theHierarchicalSoftmaxKeepsTenThousandWords() {
    var counts: [Int64] = [1, 1]
    while counts.count < 90 { counts.append(counts[counts.count - 1] + counts[counts.count - 2]) }
    let deepest = HierarchicalSoftmaxLoss(
      tree: HuffmanTree(counts: counts.reversed()), architecture: .cbow)
    #expect(deepest.outputsPerExample >= 80 && deepest.outputsPerExample < 128)
    #expect(PublishingInterval.words(for: deepest) == 10_000)
    let small = HierarchicalSoftmaxLoss(
      tree: HuffmanTree(counts: [5, 3, 2, 1]), architecture: .skipGram)
    #expect(small.outputsPerExample == 3)
    #expect(PublishingInterval.words(for: small) == 10_000)
  }
}
