import ArgumentParser
import Samplex

struct DoesntMatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "doesnt-match",
    abstract: "Print the word of a list that goes least with the others.",
    discussion: """
      As gensim's doesnt_match: the word whose unit vector is least similar to the mean of the \
      list's unit vectors. Prints that word, then each word with its cosine similarity to the \
      mean, least similar first. A word the file lacks is left out with a warning. Example:
        samplex doesnt-match runs/kjv/vectors.bin breakfast cereal dinner lunch
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(help: "The list, two words or more.")
  var words: [String] = []

  @OptionGroup var output: JSONOutputOption

  func validate() throws {
    guard words.count >= 2 else { throw ValidationError("give at least two words.") }
  }

  func run() throws {
    let vectors = try input.load()
    let lookup = WordLookup(words, in: vectors, path: input.vectors)
    let found = lookup.found
    // One word left has no other to stand apart from.
    try lookup.reportSkipped(answerable: found.count >= 2)
    let odd = OddOneOut(found.map(\.id), in: NormalizedVectors(vectors))
    let ranking = odd.ranking.map { (word: found[$0.position].word, similarity: $0.similarity) }
    if output.json {
      try output.print([
        "words": found.map(\.word), "odd_one_out": found[odd.position].word,
        "ranking": jsonRanking(ranking), "skipped": lookup.skipped,
      ])
    } else {
      TerminalOutput.line(found[odd.position].word)
      for entry in ranking { TerminalOutput.line("  \(entry.word) \(format(entry.similarity))") }
    }
  }
}
