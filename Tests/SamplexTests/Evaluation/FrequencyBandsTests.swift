import Samplex
import Testing

@Suite struct FrequencyBandsTests {
  /// Counts 50, 30, 10, 5, 3, 2 (100 tokens): the head is id 0 alone (50% of the tokens), the
  /// torso ids 1 and 2 (up to 90%), the tail the rest.
  @Test func bandsSplitByTokenMass() {
    let bands = FrequencyBands(counts: [50, 30, 10, 5, 3, 2])
    #expect(bands.torsoStart == 1 && bands.tailStart == 3)
    #expect([0, 1, 2, 3, 5].map { bands.band(of: $0) } == [.head, .torso, .torso, .tail, .tail])
  }

  @Test func bandCrossEntropiesAverageTheirOwnPairs() {
    let set = HeldOutSet(contexts: [0, 0, 0, 0], centres: [0, 1, 4, 4])
    let bands = FrequencyBands(counts: [50, 30, 10, 5, 3, 2])
    let byBand = set.crossEntropy(byBand: [1, 2, 3, 5], bands: bands)
    #expect(byBand == [.head: 1, .torso: 2, .tail: 4])
  }
}
