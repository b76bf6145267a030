import ArgumentParser
import Samplex

struct CompressCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compress",
    abstract: "Write a multi-frame .zst that several workers can read at once.",
    discussion: """
      Frames end at line ends, so each worker decompresses its own frames in parallel.
      Example:
        samplex compress corpus.txt corpus.txt.zst --frame-size 4
      """)

  @Argument(help: "The input: a text file, a .zst file, or '-' for standard input.")
  var input: String

  @Argument(help: "The compressed output file.")
  var output: String

  @Option(help: "Uncompressed MiB per frame.")
  var frameSize = 4

  @Option(help: "zstd compression level, 1 (fast) to 19 (small).")
  var level = 3

  func validate() throws {
    guard (1...1024).contains(frameSize) else {
      throw ValidationError("--frame-size must be 1…1024 MiB.")
    }
    guard (1...19).contains(level) else { throw ValidationError("--level must be 1…19.") }
  }

  func run() throws {
    try SameFile.refuse(output: output, input: input)
    let source = try TextSource(path: input)
    var reader = try source.sequentialReader()
    let frames = try FrameCompressor(frameBytes: frameSize << 20, level: level)
      .compress(&reader, to: output)
    TerminalOutput.line(
      "wrote \(output): \(frames.frames) frames, \(grouped(frames.inputBytes)) bytes in, \(grouped(frames.outputBytes)) out"
    )
  }
}
