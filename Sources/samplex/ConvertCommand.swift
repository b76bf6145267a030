import ArgumentParser
import Samplex

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert word vectors between word2vec text, word2vec binary and projector TSV.",
    discussion: """
      Formats come from the names unless given: .bin is word2vec binary, .tsv or a folder is \
      projector TSV, the pair of files TensorBoard's Embedding Projector loads (its "Load" \
      button takes the vectors file, then the metadata file), anything else word2vec text. A \
      file X.tsv holds the vectors and X-metadata.tsv beside it the words; a folder holds \
      tensors.tsv and metadata.tsv. Output is written atomically. --limit N keeps the first N \
      rows, which in a file Samplex, word2vec or gensim wrote are the N most frequent words (the \
      Embedding Projector shows a few thousand points at most). Examples:
        samplex convert runs/kjv/vectors.bin runs/kjv/vectors.txt
        samplex convert runs/kjv/vectors.bin runs/kjv/projector.tsv --limit 5000
        samplex convert runs/kjv/vectors.bin runs/kjv/projector --to tsv
      """)

  @OptionGroup var input: VectorsArgument

  @Argument(
    help:
      "Where to write: a .txt or .bin file, X.tsv (the words go to X-metadata.tsv), or a folder for the TSV pair."
  )
  var destination: String

  @Option(help: "text, binary or tsv (default: from the destination's name).")
  var to: VectorFormat?

  @Option(
    help: ArgumentHelp(
      "Write only the first N rows, the N most frequent words (default: every row).",
      valueName: "N"))
  var limit: Int?

  func validate() throws {
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, not \(limit).") }
  }

  func run() throws {
    let format = to ?? .inferred(from: destination)
    var written = destination
    // A TSV destination names a pair of files, both outputs.
    let outputs =
      format == .tsv
      ? [ProjectorPaths(destination).tensors, ProjectorPaths(destination).metadata]
      : [destination]
    for output in outputs { try SameFile.refuse(output: output, input: input.vectors) }
    let read = try input.load()
    let vectors = limit.map { read.prefix($0) } ?? read
    switch format {
    case .text: try Word2VecWriter.write(vectors, to: destination, format: .text)
    case .binary: try Word2VecWriter.write(vectors, to: destination, format: .binary)
    case .tsv:
      let paths = ProjectorPaths(destination)
      try ProjectorTSV.write(vectors, to: paths)
      written = "\(paths.tensors) and \(paths.metadata)"
    }
    let limited = vectors.count < read.count ? " (the first of \(read.count))" : ""
    TerminalOutput.line(
      "wrote \(vectors.count) vectors\(limited) of \(vectors.dimensions) dimensions to \(written) (\(format.rawValue))"
    )
  }
}
