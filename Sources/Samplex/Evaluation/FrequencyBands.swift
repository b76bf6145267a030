/// Splits a frequency-sorted vocabulary into head, torso and tail by token mass: the head is the
/// fewest most frequent words that make up half of the corpus's tokens, the torso the next ones
/// up to 90%, the tail the rest. Sampled losses differ most on the tail, which a single average
/// hides.
public struct FrequencyBands: Sendable, Equatable {
  public enum Band: String, Sendable, CaseIterable {
    case head, torso, tail
  }

  /// Ids below this are the head.
  public let torsoStart: Int
  /// Ids from this on are the tail.
  public let tailStart: Int

  /// The bands of counts sorted from most to least frequent (a `Vocabulary`'s).
  public init(counts: [Int64], headShare: Double = 0.5, torsoShare: Double = 0.9) {
    let total = Double(counts.reduce(0, +))
    var running = 0.0
    var torsoStart = counts.count
    var tailStart = counts.count
    for (id, count) in counts.enumerated() {
      running += Double(count)
      if torsoStart == counts.count && running >= headShare * total { torsoStart = id + 1 }
      if running >= torsoShare * total {
        tailStart = id + 1
        break
      }
    }
    self.torsoStart = torsoStart
    self.tailStart = max(tailStart, torsoStart)
  }

  public func band(of id: Int32) -> Band {
    Int(id) < torsoStart ? .head : Int(id) < tailStart ? .torso : .tail
  }
}
