/// Which rows a synchronization of processes training together sends (`ModelSynchronizer`):
/// the hot tier at every synchronization, `syncsPerInterval` of them an interval (`sync_seconds`,
/// or a share of `sync_words`), and every row at each `syncsPerInterval`-th and at a pass's
/// last.
///
/// The hot tier is a fixed share of the rows, the first eighth of the vocabulary's ids (ids
/// fall with the words' counts): under a Zipfian vocabulary those words make most of the
/// corpus's tokens, so their rows change the most between synchronizations: each process's
/// copy of them drifts from the others' the fastest, on updates that read its copy alone. With
/// eight hot synchronizations an interval, the hot rows sent in an interval are as many as one
/// synchronization of every row, so that syncing costs at most twice the rows of syncing every
/// row once an interval, whatever the corpus. The hot rows of the output table are the words'
/// own rows, or for the hierarchical softmax the inner nodes nearest the root (the last rows
/// of the tree's V − 1, which every prediction passes): each tier is one contiguous slice of
/// its table, one message.
package struct SyncTiers: Sendable, Equatable {
  /// Synchronizations an interval; also the vocabulary's share of hot ids (1 in this).
  package static let syncsPerInterval = 8
  /// The hot rows of the input table.
  package let input: Range<Int>
  /// The hot rows of the output table and of the biases.
  package let output: Range<Int>
  /// Every row of the input table.
  package let inputRows: Int
  /// Every row of the output table and of the biases.
  package let outputRows: Int

  package init(vocabularySize: Int, layer: OutputLayer) {
    let hot = (vocabularySize + Self.syncsPerInterval - 1) / Self.syncsPerInterval
    input = 0..<hot
    switch layer {
    case .softmax: output = 0..<hot
    case .tree:
      let innerNodes = max(vocabularySize - 1, 0)
      output = max(innerNodes - hot, 0)..<innerNodes
    }
    (inputRows, outputRows) = (vocabularySize, vocabularySize)
  }

  /// The rows the `count`-th synchronization of a pass (from 1) sends of the input table and of
  /// the output table and biases: every row at each `syncsPerInterval`-th and at the `last`.
  package func rows(atSync count: Int, last: Bool) -> (input: Range<Int>, output: Range<Int>) {
    if last || count % Self.syncsPerInterval == 0 { return (0..<inputRows, 0..<outputRows) }
    return (input, output)
  }
}
