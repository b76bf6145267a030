import Foundation
import Samplex

/// The figures `samplex vocab` prints, one per line, aligned.
struct VocabularySummary {
  var corpus: String
  /// The files' formats in words (`CorpusFiles.formats`).
  var formats: String
  var statistics: TokenizerStatistics
  var builder: VocabularyBuilder
  /// Distinct tokens in the corpus (more than the table holds when it spilled).
  var distinct: Int
  var vocabulary: Vocabulary
  var minCount: Int
  var seconds: Double

  var text: String {
    let coverage = Double(vocabulary.totalCount) / Double(max(1, builder.totalTokens))
    let pruning =
      builder.pruneCount == 0
      ? "none"
      : "\(builder.pruneCount)× (words seen ≤ \(builder.pruneThreshold) times dropped; "
        + "\(grouped(builder.prunedOccurrences)) occurrences)"
    let spilling =
      builder.spillCount == 0
      ? "none" : "\(builder.spillCount)× (exact counts merged from temporary files)"
    let rows: [(String, String)] = [
      ("corpus", "\(corpus) (\(formats))"),
      ("tokens", grouped(statistics.tokens)),
      ("sentences", grouped(statistics.sentences) + splitNote),
      ("distinct tokens", grouped(distinct)),
      ("kept ids", "\(grouped(vocabulary.count)) (min_count \(minCount))"),
      ("coverage", String(format: "%.2f%% of tokens", 100 * coverage)),
      ("pruning", pruning),
      ("spilling", spilling),
      ("invalid UTF-8", "\(grouped(statistics.invalidUTF8Tokens)) tokens"),
      ("truncated", "\(grouped(statistics.truncatedTokens)) tokens"),
      ("counting table", String(format: "%.1f MB", Double(builder.memoryBytes) / 1e6)),
      (
        "throughput",
        String(
          format: "%.2f s, %.1f MB/s of text, %.2fM tokens/s", seconds,
          Double(statistics.bytes) / 1e6 / seconds, Double(statistics.tokens) / 1e6 / seconds)
      ),
    ]
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }
      .joined(separator: "\n")
  }

  private var splitNote: String {
    statistics.splitSentences == 0
      ? "" : " (\(grouped(statistics.splitSentences)) long lines split)"
  }
}
