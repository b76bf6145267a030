import Samplex
import Testing

@Suite struct ContextWindowsTests {
  @Test func contextsStayInsideTheSentenceAndTheWindow() {
    var windows = ContextWindows(window: 3)
    var rng = Xoshiro256StarStar(seed: 1)
    let sentence: [Int32] = [10, 11, 12, 13, 14, 15, 16]
    var centres: [Int32] = []
    sentence.withUnsafeBufferPointer { ids in
      windows.forEachWindow(in: ids, using: &rng) { centre, contexts in
        centres.append(centre)
        let position = Int(centre - 10)
        #expect(!contexts.contains(centre))
        #expect(contexts.allSatisfy { abs(Int($0 - 10) - position) <= 3 })
        // A reduced window r gives every word within r on each side, so the context is contiguous.
        let positions = contexts.map { Int($0 - 10) }
        let reach = positions.map { abs($0 - position) }.max()!
        let expected = (max(0, position - reach)...min(6, position + reach)).filter {
          $0 != position
        }
        #expect(positions == expected)
      }
    }
    #expect(centres == sentence)
  }

  @Test func reducedWindowsAreUniformOverOneToWindow() {
    var windows = ContextWindows(window: 4)
    var rng = Xoshiro256StarStar(seed: 3)
    let sentence = [Int32](repeating: 0, count: 9)
    var reaches = [Int](repeating: 0, count: 5)
    for _ in 0..<20_000 {
      sentence.withUnsafeBufferPointer { ids in
        // The middle word (position 4) has 4 words each side: context size is 2r.
        var position = 0
        windows.forEachWindow(in: ids, using: &rng) { _, contexts in
          if position == 4 { reaches[contexts.count / 2] += 1 }
          position += 1
        }
      }
    }
    #expect(reaches[0] == 0)
    // Each of r = 1…4 has p = 1/4 over 20000 draws: σ ≈ 61, allow 5σ.
    for r in 1...4 { #expect(abs(reaches[r] - 5000) < 310, "r = \(r): \(reaches[r])") }
  }

  @Test func aOneWordSentenceHasNoWindow() {
    var windows = ContextWindows(window: 5)
    var rng = Xoshiro256StarStar(seed: 1)
    var calls = 0
    [Int32(1)].withUnsafeBufferPointer {
      windows.forEachWindow(in: $0, using: &rng) { _, _ in calls += 1 }
    }
    #expect(calls == 0)
  }
}
