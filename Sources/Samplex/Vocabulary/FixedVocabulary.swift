/// A training vocabulary read from a vocabulary file (word2vec's `-read-vocab`) instead of
/// counted from the corpus: the file's words with its counts, `min_count` and `max_size`
/// applied as to a counted vocabulary. The corpus's words that are not in it are unknown to the
/// run, as the words a counted vocabulary leaves out are.
public enum FixedVocabulary {
  /// The vocabulary of the file at `path` (`VocabularyFile`'s `word count` lines): ids by count
  /// descending, as training wants them (the unigram and log-uniform samplers and the Huffman
  /// tree take low ids as frequent), ties in the file's order, so that a file Samplex wrote
  /// keeps its ids; words counted fewer than `minCount` times left out, and at most `maxSize`
  /// words kept.
  /// - Throws: `VocabularyError` naming the file and line of a malformed line, or
  ///   `.fileEmptyAfterMinCount` when no word is left; `CorpusError` when it cannot be read.
  public static func read(from path: String, minCount: Int, maxSize: Int?) throws -> Vocabulary {
    let listed = try VocabularyFile.read(from: path)
    var kept = listed.counts.indices.filter { listed.counts[$0] >= Int64(minCount) }
    guard !kept.isEmpty else {
      throw VocabularyError.fileEmptyAfterMinCount(
        path: path, minCount: minCount, words: listed.count,
        highestCount: listed.counts.max() ?? 0)
    }
    kept.sort { first, second in
      let a = listed.counts[first]
      let b = listed.counts[second]
      return a != b ? a > b : first < second
    }
    if let maxSize, kept.count > maxSize { kept.removeLast(kept.count - maxSize) }
    return Vocabulary(words: kept.map { listed.words[$0] }, counts: kept.map { listed.counts[$0] })
  }
}
