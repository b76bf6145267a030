/// How many words a worker trains between publications, computed once per run from what one
/// example of the loss costs.
///
/// Publishing is where a worker notices a stop request, a due checkpoint and the time budget,
/// and takes a new learning rate; so the interval bounds how long each of these waits. At
/// word2vec's cost (S + 1 ≤ 128 output rows an example) the interval is `longest`, 10,000
/// words, milliseconds of training. A loss that touches more rows an example gets an interval
/// shorter in proportion, so that an interval costs about as many row updates as 10,000
/// words at 128 rows: the full softmax at V = 10^5 or 10^5 candidates a window no longer
/// train for minutes between publications.
///
/// Below that, the floor: a window loss can publish after any sentence (one word), since a
/// publication costs a few atomic additions. A minibatch loss trains its pending examples when
/// it publishes, so a short interval would make its batches partial: its floor is two batches'
/// worth of words. Skip-gram gives each word one example a context word, window + 1 on average
/// as the window shrinks at random to 1…window words a side: about 5 at word2vec's window of 5
/// once a sentence's ends are counted, so 2 × B words are about ten full batches and at most
/// one partial one. CBOW gives one example a word, so there the same words are two batches.
package enum PublishingInterval {
  /// The interval at word2vec's cost, and the output rows an example has at that cost.
  package static var longest: Int { 10_000 }
  package static var outputsAtLongest: Int { 128 }

  /// Words between publications for `loss`.
  package static func words(for loss: some TrainingLoss) -> Int {
    words(outputsPerExample: loss.outputsPerExample, minibatchSize: loss.minibatchSize)
  }

  /// min(10,000, max(floor, 10,000 × 128 / outputs)), the floor being 1 word without a
  /// minibatch and 2 × its size with one.
  package static func words(outputsPerExample: Int, minibatchSize: Int?) -> Int {
    let floor = minibatchSize.map { 2 * max($0, 1) } ?? 1
    let scaled = longest * outputsAtLongest / max(outputsPerExample, 1)
    return min(longest, max(floor, scaled))
  }
}
