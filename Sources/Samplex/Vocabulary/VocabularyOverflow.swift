/// What the counting pass does when its table holds more than `maxDistinct` distinct tokens
/// (`vocabulary.overflow`).
public enum VocabularyOverflow: String, Sendable, CaseIterable {
  /// Writes the table's counts, sorted by their bytes, to a temporary file (`CountRun`), empties
  /// the table and goes on; the runs and the table merge at the end (`CountRunMerge`), so every
  /// count is exact, in memory bounded by the table and the merge's buffers.
  case spill
  /// Drops the rarest tokens as word2vec's `ReduceVocab` does; the counts of the tokens kept may
  /// fall short of their true counts.
  case prune
}
