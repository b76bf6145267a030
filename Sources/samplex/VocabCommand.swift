import ArgumentParser
import Foundation
import Samplex

struct VocabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vocab",
    abstract: "Count a corpus's words and print the vocabulary summary.",
    discussion: """
      Reads a plain or zstd-compressed corpus (or '-' for standard input) in one streaming \
      pass, each thread counting its part of a file that splits into parts. Several files, \
      folders and quoted glob patterns are read in order as one corpus, as samplex train reads \
      them.

      Example:
        samplex vocab Data/kjv.txt.zst --min-count 5 -o vocab.txt
      """)

  @Argument(
    help: ArgumentHelp(
      "The corpus: text or .zst files, folders (their files, sorted by name), quoted glob "
        + "patterns, read in order as one corpus; or '-' for standard input.",
      valueName: "corpus"))
  var corpus: [String]

  @Option(name: .shortAndLong, help: "Write the vocabulary here, as word2vec's 'word count' lines.")
  var output: String?

  @Option(help: "Keep words seen at least this many times.")
  var minCount = 5

  @Option(help: "Keep at most this many of the most frequent words.")
  var maxSize: Int?

  @Option(
    help: ArgumentHelp(
      "Distinct words the counting table holds (each thread its share) before it overflows "
        + "as --overflow says."))
  var maxDistinct = VocabularyBuilder.defaultMaxDistinct

  @Option(
    help: ArgumentHelp(
      "spill: write the table's exact counts to temporary files in $TMPDIR or /var/tmp and "
        + "merge them at the end; prune: drop the rarest words as word2vec does."))
  var overflow: VocabularyOverflow = .spill

  @Flag(help: "Lowercase every word (ASCII and Unicode letters).")
  var lowercase = false

  // Optional, so that the help states the default as every core rather than the count of the
  // machine that printed it.
  @Option(help: "Threads counting in parallel (default: every core).")
  var threads: Int?

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
    guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1.") }
    if let maxSize, maxSize < 1 { throw ValidationError("--max-size must be at least 1.") }
    guard maxDistinct >= 1 else { throw ValidationError("--max-distinct must be at least 1.") }
  }

  func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let source = try CorpusFiles(corpus)
    let (builder, statistics) = try VocabularyBuilder.counting(
      source, options: TokenizerOptions(lowercase: lowercase), maxDistinct: maxDistinct,
      overflow: overflow, workers: threads ?? TrainingOptions().workers)
    let (vocabulary, distinct) = try builder.counted(
      minCount: minCount, maxSize: maxSize, corpus: source.path)
    let seconds = (clock.now - start).seconds
    if let output { try VocabularyFile.write(vocabulary, to: output) }
    let summary = VocabularySummary(
      corpus: source.path, formats: source.formats, statistics: statistics, builder: builder,
      distinct: distinct, vocabulary: vocabulary, minCount: minCount, seconds: seconds)
    TerminalOutput.line(summary.text)
    if let output { TerminalOutput.line("wrote \(vocabulary.count) words to \(output)") }
  }
}
