import ArgumentParser
import Samplex

struct AnalogyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analogy",
    abstract: "Complete 'A is to B as C is to ?' by vector offset (3CosAdd).",
    discussion: """
      Ranks words by cosine similarity to B − A + C (of unit vectors), leaving A, B and C out, \
      as gensim's most_similar(positive=[B, C], negative=[A]). The question needs all three \
      words: one the file lacks is an error. Example:
        samplex analogy runs/kjv/vectors.bin man king woman -k 5
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(help: "A, B and C.")
  var words: [String]

  @Option(name: .short, help: "Answers to print.")
  var k = 10

  @OptionGroup var output: JSONOutputOption

  func validate() throws {
    guard words.count == 3 else { throw ValidationError("give exactly three words: A B C.") }
    guard k >= 1 else { throw ValidationError("-k must be at least 1.") }
  }

  func run() throws {
    let vectors = try input.load()
    let ids = try words.map { try vectors.requireID(of: $0, path: input.vectors) }
    let index = NearestNeighbors(NormalizedVectors(vectors))
    let answers = index.analogy(a: ids[0], b: ids[1], c: ids[2], count: k)
    if output.json {
      // `skipped` is always empty (an unknown word is an error here); it is kept so that every
      // query command's document has it.
      try output.print([
        "a": words[0], "b": words[1], "c": words[2], "answers": jsonRanking(answers),
        "skipped": [String](),
      ])
    } else {
      TerminalOutput.line("\(words[0]) : \(words[1]) :: \(words[2]) : ?")
      for answer in answers { TerminalOutput.line("  \(answer.word) \(format(answer.similarity))") }
    }
  }
}
