/// Forms word2vec's training windows over one sentence of ids: for each centre word a reduced
/// window `r` is drawn uniformly from 1…`window` (word2vec's `b = rand % window`), and the
/// context is the up to `2r` words around it, never crossing the sentence's ends.
///
/// Skip-gram trains one (context → centre) pair per context word; CBOW trains the bag of context
/// words → centre. Both read the same windows.
package struct ContextWindows: Sendable {
  package let window: Int
  private var contexts: [Int32]

  package init(window: Int) {
    precondition(window >= 1, "the window must hold at least one word each side")
    self.window = window
    contexts = [Int32](repeating: 0, count: 2 * window)
  }

  /// Calls `body(centre, contexts)` for each position of `sentence` that has a context.
  @inline(__always)
  package mutating func forEachWindow<R: RandomNumberGenerator>(
    in sentence: UnsafeBufferPointer<Int32>, using rng: inout R,
    _ body: (_ centre: Int32, _ contexts: UnsafeBufferPointer<Int32>) -> Void
  ) {
    forEachWindow(in: sentence, using: &rng, ahead: { _, _ in }, body)
  }

  /// Calls `body(centre, contexts)` for each position of `sentence` that has a context, and
  /// before it `ahead(nextCentre, enteringContext)`: the next position's centre and the word
  /// that the next window may be the first to use, so that their rows can be fetched while
  /// this window trains.
  @inline(__always)
  package mutating func forEachWindow<R: RandomNumberGenerator>(
    in sentence: UnsafeBufferPointer<Int32>, using rng: inout R,
    ahead: (_ nextCentre: Int32, _ enteringContext: Int32) -> Void,
    _ body: (_ centre: Int32, _ contexts: UnsafeBufferPointer<Int32>) -> Void
  ) {
    let length = sentence.count
    let window = self.window
    contexts.withUnsafeMutableBufferPointer { scratch in
      for position in 0..<length {
        if position &+ 1 < length {
          ahead(sentence[position &+ 1], sentence[min(length &- 1, position &+ 1 &+ window)])
        }
        let reduced =
          window &- Int(truncatingIfNeeded: ((rng.next() >> 32) &* UInt64(window)) >> 32)
        let first = max(0, position &- reduced)
        let last = min(length &- 1, position &+ reduced)
        var filled = 0
        var index = first
        while index <= last {
          if index != position {
            scratch[filled] = sentence[index]
            filled &+= 1
          }
          index &+= 1
        }
        if filled > 0 {
          body(sentence[position], UnsafeBufferPointer(rebasing: scratch[..<filled]))
        }
      }
    }
  }
}
