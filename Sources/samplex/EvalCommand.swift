import ArgumentParser
import Samplex

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Score word vectors on analogies and word similarity, as gensim does.",
    discussion: """
      Analogies (word2vec's questions-words format) are solved with 3CosAdd and 3CosMul over \
      the --restrict-vocab most frequent words, questions with a word outside them skipped and \
      counted as out of vocabulary; similarity files give Spearman and Pearson correlations \
      over the pairs whose words are known. Figures match gensim's evaluate_word_analogies and \
      evaluate_word_pairs on the same vectors. Example:
        samplex eval runs/kjv/vectors.bin --analogies Data/eval/questions-words.txt \\
          --similarity Data/eval/wordsim353.tsv --similarity Data/eval/simlex999.txt
      """)

  @OptionGroup var input: VectorsArgument

  @Option(help: "An analogy file in word2vec's questions-words format.")
  var analogies: String?

  @Option(help: "A word-similarity file: word, word, score a line (repeatable).")
  var similarity: [String] = []

  @Option(help: "Analogies consider only this many of the most frequent words.")
  var restrictVocab = 30000

  @Option(help: "Also write the figures here as one JSON object.")
  var json: String?

  func validate() throws {
    guard analogies != nil || !similarity.isEmpty else {
      throw ValidationError("give --analogies FILE or --similarity FILE (or both).")
    }
    guard restrictVocab >= 1 else { throw ValidationError("--restrict-vocab must be at least 1.") }
  }

  func run() throws {
    let vectors = try input.load()
    var settings = EvaluationSettings()
    settings.analogies = analogies
    settings.similarity = similarity
    settings.restrictVocabulary = restrictVocab
    let report = try EvaluationReport(settings, vectors: vectors)
    TerminalOutput.line(
      "\(input.vectors): \(vectors.count) words, \(vectors.dimensions) dimensions")
    report.lines().forEach { TerminalOutput.line($0) }
    if let json { try report.write(to: json) }
  }
}
