import Samplex
import Testing

@Suite struct EmbeddingTableTests {
  @Test func aVectorIsItsRowOfTheValues() {
    let table = EmbeddingTable(rows: 3, dimensions: 4)
    table.fillUniform(scale: 1, seed: 7)
    let values = table.array
    #expect(table.vector(at: 0) == Array(values[0..<4]))
    #expect(table.vector(at: 2) == Array(values[8..<12]))
    #expect(table.vector(at: 1) != table.vector(at: 2))
  }
}
