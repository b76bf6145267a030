import ArgumentParser
import Foundation
import Samplex

struct NeighborsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "neighbors",
    abstract: "Print the nearest words of each word, or of a mix of words, by cosine similarity.",
    discussion: """
      Words given as arguments get a list each. Words given with --positive and --negative get \
      one list: the words nearest the mean of the positive words' unit vectors and the negated \
      negative words' unit vectors, the query words left out, as gensim's \
      most_similar(positive=[…], negative=[…]). A word the file lacks is left out with a \
      warning. Examples:
        samplex neighbors runs/kjv/vectors.bin god water -k 5
        samplex neighbors runs/kjv/vectors.bin --positive king woman --negative man
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(
    help: ArgumentHelp("Words to look up, a list of neighbours for each.", valueName: "word"))
  var words: [String] = []

  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp(
      "Words whose mean the one list is nearest (with or without --negative).", valueName: "word"))
  var positive: [String] = []

  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp(
      "Words whose mean the one list is farthest from (with or without --positive).",
      valueName: "word"))
  var negative: [String] = []

  @Option(name: .short, help: "Neighbours to print for each list.")
  var k = 10

  @OptionGroup var output: JSONOutputOption

  private var mixes: Bool { !positive.isEmpty || !negative.isEmpty }

  func validate() throws {
    guard !words.isEmpty || mixes else {
      throw ValidationError("give at least one word, or words with --positive or --negative.")
    }
    guard words.isEmpty || !mixes else {
      throw ValidationError(
        "give words either as arguments (a list for each) or with --positive and --negative "
          + "(one list for them all), not both.")
    }
    guard k >= 1 else { throw ValidationError("-k must be at least 1.") }
  }

  func run() throws {
    let vectors = try input.load()
    let index = NearestNeighbors(NormalizedVectors(vectors))
    if mixes {
      try answerMix(vectors, index)
    } else {
      try answerEach(vectors, index)
    }
  }

  /// One list of neighbours for each word.
  private func answerEach(_ vectors: WordVectors, _ index: NearestNeighbors) throws {
    let lookup = WordLookup(words, in: vectors, path: input.vectors)
    let found = lookup.found
    try lookup.reportSkipped(answerable: !found.isEmpty)
    let lists = found.map { (word: $0.word, neighbors: index.neighbors(of: $0.id, count: k)) }
    if output.json {
      try output.print([
        "queries": lists.map { ["word": $0.word, "neighbors": jsonRanking($0.neighbors)] },
        "skipped": lookup.skipped,
      ])
    } else {
      for list in lists {
        TerminalOutput.line("\(list.word): " + list.neighbors.map(describe).joined(separator: ", "))
      }
    }
  }

  /// One list for the positive and negative words together.
  private func answerMix(_ vectors: WordVectors, _ index: NearestNeighbors) throws {
    let lookup = WordLookup(positive + negative, in: vectors, path: input.vectors)
    let found = lookup.found
    try lookup.reportSkipped(answerable: !found.isEmpty)
    // `found` keeps the given order, so the positive words come first.
    let positiveCount = lookup.ids.prefix(positive.count).compactMap { $0 }.count
    let (plus, minus) = (found.prefix(positiveCount), found.dropFirst(positiveCount))
    let neighbors = index.mostSimilar(
      positive: plus.map(\.id), negative: minus.map(\.id), count: k)
    if output.json {
      try output.print([
        "positive": plus.map(\.word), "negative": minus.map(\.word),
        "neighbors": jsonRanking(neighbors), "skipped": lookup.skipped,
      ])
    } else {
      // "king + woman - man", or "- man" with no positive word.
      let terms =
        (plus.map(\.word).joined(separator: " + ") + minus.map { " - " + $0.word }.joined())
        .trimmingCharacters(in: .whitespaces)
      TerminalOutput.line("\(terms): " + neighbors.map(describe).joined(separator: ", "))
    }
  }

  private func describe(_ neighbor: (word: String, similarity: Float)) -> String {
    "\(neighbor.word) \(format(neighbor.similarity))"
  }
}
