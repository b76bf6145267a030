import ArgumentParser
import Samplex

struct SimilarityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "similarity",
    abstract: "Print the cosine similarity of each pair of words.",
    discussion: """
      As gensim's similarity(A, B). The words come in pairs: A B C D prints the similarity of A \
      and B, then of C and D, a line each. A pair with a word the file lacks is left out with a \
      warning. Example:
        samplex similarity runs/kjv/vectors.bin god lord water wine
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(help: "Pairs of words: A B [C D …].")
  var words: [String] = []

  @OptionGroup var output: JSONOutputOption

  func validate() throws {
    guard !words.isEmpty, words.count.isMultiple(of: 2) else {
      throw ValidationError(
        "give the words in pairs, A B [C D …]; \(words.count) is not an even number of words.")
    }
  }

  func run() throws {
    let vectors = try input.load()
    let lookup = WordLookup(words, in: vectors, path: input.vectors)
    let unit = NormalizedVectors(vectors)
    let pairs = stride(from: 0, to: words.count, by: 2).compactMap {
      first -> (String, String, Float)? in
      guard let a = lookup.ids[first], let b = lookup.ids[first + 1] else { return nil }
      return (words[first], words[first + 1], unit.cosine(a, b))
    }
    try lookup.reportSkipped(answerable: !pairs.isEmpty)
    if output.json {
      try output.print([
        "pairs": pairs.map { ["words": [$0.0, $0.1], "similarity": jsonNumber($0.2)] },
        "skipped": lookup.skipped,
      ])
    } else {
      for (a, b, similarity) in pairs { TerminalOutput.line("\(a) \(b) \(format(similarity))") }
    }
  }
}
