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
    // An array for the sort's 2·V·log V reads (the vocabulary's own are two loads each).
    let counts = Array(listed.counts)
    var kept = counts.indices.filter { counts[$0] >= Int64(minCount) }
    guard !kept.isEmpty else {
      throw VocabularyError.fileEmptyAfterMinCount(
        path: path, minCount: minCount, words: listed.count, highestCount: counts.max() ?? 0)
    }
    kept.sort { first, second in
      let a = counts[first]
      let b = counts[second]
      return a != b ? a > b : first < second
    }
    if let maxSize, kept.count > maxSize { kept.removeLast(kept.count - maxSize) }
    return Vocabulary(words: kept.map { listed.words[$0] }, counts: kept.map { counts[$0] })
  }
}
