import Testing

@testable import Samplex

/// A codebook's refit starts from where its last fit ended: one Lloyd round from the last
/// centres and assignment, drawing no random rows, instead of a first fit's random start.
@Suite struct HalfCodebookTests {
  @Test func aRefitIsOneRoundFromTheLastCodebook() {
    let (rows, width, codewords) = (300, 3, 5)
    let table = EmbeddingTable(rows: rows, dimensions: 2 * width)
    table.fillUniform(scale: 1, seed: 7)
    let codebook = HalfCodebook(codewords: codewords, width: width, offset: width, rows: rows)
    var random = Xoshiro256StarStar(seed: 3)
    codebook.fit(table, iterations: 4, using: &random)
    let lastAssignment = codebook.assignment
    // The table moves on, as training moves the output rows between two fits.
    let moved = EmbeddingTable(rows: rows, dimensions: 2 * width)
    moved.fillUniform(scale: 0.2, seed: 8)
    table.withValues { values in
      moved.withValues { moves in
        for index in values.indices { values[index] += moves[index] }
      }
    }
    var untouched = random
    codebook.fit(table, iterations: 4, using: &random)
    #expect(random.next() == untouched.next(), "a refit with no empty cell draws nothing")

    // Each centre is the mean of its last cell's rows as they are now.
    var sums = [Double](repeating: 0, count: codewords * width)
    var sizes = [Int](repeating: 0, count: codewords)
    for row in 0..<rows {
      let cell = Int(lastAssignment[row])
      sizes[cell] += 1
      for j in 0..<width { sums[cell * width + j] += Double(table.row(Int32(row))[width + j]) }
    }
    for cell in 0..<codewords {
      #expect(sizes[cell] > 0)
      for j in 0..<width {
        let mean = Float(sums[cell * width + j] / Double(max(sizes[cell], 1)))
        #expect(abs(codebook.centres[cell * width + j] - mean) < 1e-6)
      }
    }
    // And each row is in its nearest centre's cell.
    for row in 0..<rows {
      var distances: [Float] = []
      for cell in 0..<codewords {
        var distance: Float = 0
        for j in 0..<width {
          let difference = table.row(Int32(row))[width + j] - codebook.centres[cell * width + j]
          distance += difference * difference
        }
        distances.append(distance)
      }
      let nearest = distances.min()!
      #expect(distances[Int(codebook.assignment[row])] <= nearest + 1e-5)
    }
  }

  /// A fresh run's output table is zero: its fit finds one cell, so the next fit starts afresh
  /// from random rows with all its rounds, rather than one round from K equal centres.
  @Test func aFitOfAZeroTableLeavesTheNextAFirstFit() {
    let (rows, width, codewords) = (200, 2, 4)
    let table = EmbeddingTable(rows: rows, dimensions: width)
    let codebook = HalfCodebook(codewords: codewords, width: width, offset: 0, rows: rows)
    var random = Xoshiro256StarStar(seed: 5)
    codebook.fit(table, iterations: 4, using: &random)
    #expect(Set(codebook.assignment).count == 1)
    table.fillUniform(scale: 1, seed: 6)
    let fresh = HalfCodebook(codewords: codewords, width: width, offset: 0, rows: rows)
    var freshRandom = random
    fresh.fit(table, iterations: 4, using: &freshRandom)
    codebook.fit(table, iterations: 4, using: &random)
    #expect(codebook.centres == fresh.centres && codebook.assignment == fresh.assignment)
    #expect(random.next() == freshRandom.next())
    #expect(Set(codebook.assignment).count == codewords)
  }
}
