import ArgumentParser
import Samplex

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert word vectors between word2vec text, word2vec binary and projector TSV.",
    discussion: """
      Formats come from the names unless given: .bin is word2vec binary, a folder (or a .tsv \
      path) is the tensors.tsv + metadata.tsv pair that TensorBoard's Embedding Projector \
      loads, anything else word2vec text. Output is written atomically. Examples:
        samplex convert runs/kjv/vectors.bin runs/kjv/vectors.txt
        samplex convert runs/kjv/vectors.bin runs/kjv/projector --to tsv
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(help: "Where to write: a .txt or .bin file, or a folder for the TSV pair.")
  var destination: String

  @Option(help: "text, binary or tsv (default: from the destination's name).")
  var to: VectorFormat?

  func run() throws {
    let format = to ?? .inferred(from: destination)
    // The TSV pair is written inside the destination folder, so its files are outputs too.
    let pair = [ProjectorTSV.tensorsName, ProjectorTSV.metadataName].map { destination + "/" + $0 }
    let outputs = [destination] + (format == .tsv ? pair : [])
    for output in outputs { try SameFile.refuse(output: output, input: input.vectors) }
    let vectors = try input.load()
    switch format {
    case .text: try Word2VecWriter.write(vectors, to: destination, format: .text)
    case .binary: try Word2VecWriter.write(vectors, to: destination, format: .binary)
    case .tsv: try ProjectorTSV.write(vectors, to: destination)
    }
    print(
      "wrote \(vectors.count) vectors of \(vectors.dimensions) dimensions to \(destination) (\(format.rawValue))"
    )
  }
}
