import Samplex
import Testing

@Suite struct RandomTests {
  @Test func matchesTheReferenceImplementation() {
    // Vigna's reference C code (xoshiro256starstar.c, splitmix64.c), seeded with SplitMix64(42),
    // printed 1546998764402558742, 6990951692964543102, 12544586762248559009.
    var rng = Xoshiro256StarStar(seed: 42)
    #expect(
      [rng.next(), rng.next(), rng.next()] == [
        1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
      ])
    var mixer = SplitMix64(seed: 0)
    #expect(mixer.next() == 16_294_208_416_658_607_535)
  }

  @Test func theSameSeedGivesTheSameDraws() {
    var first = Xoshiro256StarStar(seed: 9)
    var second = Xoshiro256StarStar(seed: 9)
    var other = Xoshiro256StarStar(seed: 10)
    let a = (0..<100).map { _ in first.next() }
    #expect(a == (0..<100).map { _ in second.next() })
    #expect(a != (0..<100).map { _ in other.next() })
  }

  @Test func boundedDrawsStayInRange() {
    var rng = Xoshiro256StarStar(seed: 5)
    for bound in [1, 2, 7, 1000] {
      for _ in 0..<1000 { #expect((0..<bound).contains(rng.next(below: bound))) }
    }
  }
}
