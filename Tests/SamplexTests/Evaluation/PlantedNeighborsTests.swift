import Samplex
import Testing

@Suite struct PlantedNeighborsTests {
  /// Groups of 4: w0…w3 point along the first axis, w4…w7 along the second, each slightly
  /// turned; w7 is moved next to the first group, so 7 of 8 nearest neighbours are mates.
  @Test func theShareOfWordsWhoseNearestNeighbourIsAGroupMate() {
    let words = (0..<8).map { "w\($0)" }
    var values: [Float] = []
    for rank in 0..<8 {
      let turn = Float(rank % 4) * 0.05
      values += rank == 7 ? [1, 0.3, 0] : rank < 4 ? [1, turn, 0] : [turn, 1, 0]
    }
    let vectors = values.withUnsafeBufferPointer {
      NormalizedVectors(words: words, values: $0, dimensions: 3)
    }
    #expect(PlantedNeighbors.accuracy(vectors: vectors, groupSize: 4) == 7.0 / 8)
    // The first group alone: w3's nearest is w2 (turned 0.05 from it), not w7 (0.15).
    #expect(PlantedNeighbors.accuracy(vectors: vectors, groupSize: 4, queries: 4) == 1)
    let named = values.withUnsafeBufferPointer {
      NormalizedVectors(words: words.map { "x" + $0 }, values: $0, dimensions: 3)
    }
    #expect(PlantedNeighbors.accuracy(vectors: named, groupSize: 4) == nil)
  }
}
