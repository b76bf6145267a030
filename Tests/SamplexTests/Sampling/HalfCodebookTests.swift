import Testing

@testable import Samplex

/// A codebook's refit starts from where its last fit ended: one Lloyd round from the last
/// centres and assignment, drawing no random rows, instead of a first fit's random start; and a
/// fit follows its rows' weights.
@Suite struct HalfCodebookTests {
  /// Σ_r weights[r]·‖row r − its centre‖² over a codebook's half of `table`.
  private func distortion(_ codebook: HalfCodebook, _ table: EmbeddingTable, _ weights: [Double])
    -> Double
  {
    var total = 0.0
    for row in 0..<table.rows {
      let c = Int(codebook.assignment[row])
      for j in 0..<codebook.width {
        let difference = Double(
          table.row(Int32(row))[codebook.offset + j] - codebook.centres[c * codebook.width + j])
        total += weights[row] * difference * difference
      }
    }
    return total
  }

  /// Six heavy rows far from a crowd of 600 light ones near the origin (the output table of a
  /// large vocabulary: a few trained words, many barely moved): fitted with the weights, the
  /// centres go to the heavy rows, where an unweighted fit from the same start leaves them in
  /// the crowd's pull, with more than twice the weighted error.
  @Test func aWeightedFitSpendsItsCentresOnTheHeavyRows() {
    let (light, width, codewords) = (600, 2, 6)
    let heavy: [(Float, Float)] = [(1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, -1)]
    let rows = light + heavy.count
    let table = EmbeddingTable(rows: rows, dimensions: width)
    table.fillUniform(scale: 0.05, seed: 11)
    for (index, point) in heavy.enumerated() {
      table.row(Int32(light + index))[0] = point.0
      table.row(Int32(light + index))[1] = point.1
    }
    let weights = (0..<rows).map { $0 < light ? 1e-6 : 1.0 }
    let weighted = HalfCodebook(codewords: codewords, width: width, offset: 0, rows: rows)
    let unweighted = HalfCodebook(codewords: codewords, width: width, offset: 0, rows: rows)
    var random = Xoshiro256StarStar(seed: 4)
    var sameRandom = random
    weighted.fit(table, weights: weights, iterations: 4, using: &random)
    unweighted.fit(
      table, weights: [Double](repeating: 1, count: rows), iterations: 4, using: &sameRandom)
    let weightedError = distortion(weighted, table, weights)
    let unweightedError = distortion(unweighted, table, weights)
    #expect(weightedError < 0.5 * unweightedError, "\(weightedError) against \(unweightedError)")
    // The heavy rows are spread over most of the centres.
    var heavyCentres = Set<Int32>()
    for index in light..<rows { heavyCentres.insert(weighted.assignment[index]) }
    #expect(heavyCentres.count >= 4)
  }

  @Test func aRefitIsOneRoundFromTheLastCodebook() {
    let (rows, width, codewords) = (300, 3, 5)
    let table = EmbeddingTable(rows: rows, dimensions: 2 * width)
    table.fillUniform(scale: 1, seed: 7)
    let codebook = HalfCodebook(codewords: codewords, width: width, offset: width, rows: rows)
    let ones = [Double](repeating: 1, count: rows)
    var random = Xoshiro256StarStar(seed: 3)
    codebook.fit(table, weights: ones, iterations: 4, using: &random)
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
    codebook.fit(table, weights: ones, iterations: 4, using: &random)
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
    let ones = [Double](repeating: 1, count: rows)
    var random = Xoshiro256StarStar(seed: 5)
    codebook.fit(table, weights: ones, iterations: 4, using: &random)
    #expect(Set(codebook.assignment).count == 1)
    table.fillUniform(scale: 1, seed: 6)
    let fresh = HalfCodebook(codewords: codewords, width: width, offset: 0, rows: rows)
    var freshRandom = random
    fresh.fit(table, weights: ones, iterations: 4, using: &freshRandom)
    codebook.fit(table, weights: ones, iterations: 4, using: &random)
    #expect(codebook.centres == fresh.centres && codebook.assignment == fresh.assignment)
    #expect(random.next() == freshRandom.next())
    #expect(Set(codebook.assignment).count == codewords)
  }
}
