import ArgumentParser
import Samplex

struct NeighborsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "neighbors",
    abstract: "Print the nearest words of each word, by cosine similarity.",
    discussion: """
      Example:
        samplex neighbors runs/kjv/vectors.bin god water -k 5
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(help: "Words to look up.")
  var words: [String]

  @Option(name: .short, help: "Neighbours to print for each word.")
  var k = 10

  func validate() throws {
    guard !words.isEmpty else { throw ValidationError("give at least one word.") }
    guard k >= 1 else { throw ValidationError("-k must be at least 1.") }
  }

  func run() throws {
    let vectors = try input.load()
    let ids = try words.map { try vectors.requireID(of: $0, path: input.vectors) }
    let index = NearestNeighbors(NormalizedVectors(vectors))
    for (word, id) in zip(words, ids) {
      let list = index.neighbors(of: id, count: k).map { "\($0.word) \(format($0.similarity))" }
      print("\(word): " + list.joined(separator: ", "))
    }
  }
}
