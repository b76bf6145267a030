import Testing

@testable import Samplex

/// The rows each synchronization sends: the first eighth of the ids (the most frequent words)
/// every time, every row each eighth time and at a pass's last.
@Suite struct SyncTiersTests {
  @Test func theHotTierIsTheFirstEighthOfTheIds() {
    let tiers = SyncTiers(vocabularySize: 100, layer: .softmax)
    #expect(tiers.input == 0..<13)
    #expect(tiers.output == 0..<13)
    #expect(SyncTiers(vocabularySize: 3, layer: .softmax).input == 0..<1)
  }

  /// The tree's hot output rows are the inner nodes nearest the root, the last of its V − 1.
  @Test func theTreesHotRowsAreTheInnerNodesNearestTheRoot() {
    let counts: [Int64] = Array((1...16).reversed())
    let tiers = SyncTiers(vocabularySize: 16, layer: .tree(HuffmanTree(counts: counts)))
    #expect(tiers.input == 0..<2)
    #expect(tiers.output == 13..<15)
  }

  @Test func everyRowGoesEachIntervalAndAtThePassesLast() {
    let tiers = SyncTiers(vocabularySize: 40, layer: .softmax)
    let hot = (input: 0..<5, output: 0..<5)
    let all = (input: 0..<40, output: 0..<40)
    for sync in 1...(2 * SyncTiers.syncsPerInterval) {
      let rows = tiers.rows(atSync: sync, last: false)
      let expected = sync % SyncTiers.syncsPerInterval == 0 ? all : hot
      #expect(rows == expected, "sync \(sync)")
    }
    #expect(tiers.rows(atSync: 3, last: true) == all)
  }
}
