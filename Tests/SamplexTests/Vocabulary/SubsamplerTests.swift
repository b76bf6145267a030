import Samplex
import Testing

@Suite struct SubsamplerTests {
  @Test func keepProbabilityFollowsWord2vecsFormula() {
    // N = 1_000_000 + 1000 + 10; with t = 1e-3, t·N = 1001.01.
    let vocabulary = Vocabulary(words: ["the", "cat", "rare"], counts: [1_000_000, 1000, 10])
    let subsampler = Subsampler(vocabulary: vocabulary, threshold: 1e-3)
    let scale = 1e-3 * 1_001_010.0
    for (id, count) in vocabulary.counts.enumerated() {
      let c = Double(count)
      let expected = min(1, ((c / scale).squareRoot() + 1) * scale / c)
      #expect(abs(subsampler.keepProbability(of: Int32(id)) - expected) <= 1.0 / 4_294_967_296)
    }
    #expect(subsampler.keepProbability(of: 0) < 0.04)
    #expect(subsampler.keepProbability(of: 2) == 1)
  }

  @Test func aZeroThresholdKeepsEverything() {
    let vocabulary = Vocabulary(words: ["a", "b"], counts: [1_000_000, 1])
    let subsampler = Subsampler(vocabulary: vocabulary, threshold: 0)
    #expect(subsampler.keepThresholds == [1 << 32, 1 << 32])
  }

  @Test func theKeptShareMatchesTheProbability() {
    let vocabulary = Vocabulary(words: ["a", "b"], counts: [900, 100])
    let subsampler = Subsampler(vocabulary: vocabulary, threshold: 0.01)
    var sink = SentenceIDSink(
      vocabulary: vocabulary, subsampler: subsampler, random: Xoshiro256StarStar(seed: 7),
      consumer: DiscardingConsumer())
    let draws = 200_000
    for _ in 0..<draws {
      "a".utf8.withContiguousStorageIfAvailable { sink.consume(token: UnsafeRawBufferPointer($0)) }
    }
    sink.endSentence()
    let p = subsampler.keepProbability(of: 0)
    // Binomial: 5 standard deviations.
    let sigma = (Double(draws) * p * (1 - p)).squareRoot()
    #expect(abs(Double(sink.keptTokens) - p * Double(draws)) < 5 * sigma)
    #expect(sink.knownTokens == draws)
  }
}
