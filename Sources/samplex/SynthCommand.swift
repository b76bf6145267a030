import ArgumentParser
import Samplex

struct SynthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synth",
    abstract: "Write a synthetic Zipfian corpus with planted word groups.",
    discussion: """
      Words are w0, w1, … by rank, word r drawn with probability ∝ 1/(r+1)^s. The \
      vocabulary is cut into groups of --group-size consecutive ranks; each sentence draws a \
      group, and each of its tokens is a word of that group with probability --topic-share, \
      otherwise any word. Every word keeps its Zipf probability, and words of one group share \
      their contexts: a word's nearest neighbours should be its group mates (group = rank / \
      group size). An output ending in .zst is written as multi-frame zstd, which the trainer \
      reads in parallel.

      Example:
        samplex synth --vocab-size 1000000 --tokens 100000000 --zipf 1.0 --seed 1 synth.zst
      """)

  @Option(help: "Words in the vocabulary.")
  var vocabSize: Int

  @Option(help: "Tokens to write.")
  var tokens: Int

  @Option(help: "The Zipf exponent s.")
  var zipf = 1.0

  @Option(help: "Random seed; the same settings and seed write the same bytes.")
  var seed: UInt64 = 1

  @Option(help: "Words per planted group.")
  var groupSize = 8

  @Option(help: "Share of a sentence's tokens drawn from its group.")
  var topicShare = 0.5

  @Argument(help: "The file to write (.zst for zstd).")
  var output: String

  func validate() throws {
    guard vocabSize >= 1 else { throw ValidationError("--vocab-size must be at least 1.") }
    guard vocabSize <= Int(Int32.max) else {
      throw ValidationError("--vocab-size must be at most \(Int32.max): a word id is 32 bits.")
    }
    guard tokens >= 1 else { throw ValidationError("--tokens must be at least 1.") }
    guard zipf >= 0, zipf.isFinite else { throw ValidationError("--zipf must be 0 or more.") }
    guard groupSize >= 1 else { throw ValidationError("--group-size must be at least 1.") }
    guard (0...1).contains(topicShare) else {
      throw ValidationError("--topic-share must be from 0 to 1.")
    }
  }

  func run() throws {
    var settings = SyntheticCorpus.Settings(
      vocabularySize: vocabSize, tokens: tokens, exponent: zipf)
    settings.seed = seed
    settings.groupSize = groupSize
    settings.topicShare = topicShare
    // Per word: its weight and its group's (8 bytes each), and two alias tables built from them
    // (the words' and the groups'), each up to 44 bytes a class while it is built.
    try MemoryCheck.require(
      MemoryCheck.product(vocabSize, 104), for: "a vocabulary of \(vocabSize) words",
      remedy: "lower --vocab-size")
    var reader: any ByteSource = try SyntheticCorpus(settings)
    if output.hasSuffix(".zst") {
      let result = try FrameCompressor().compress(&reader, to: output)
      TerminalOutput.line(
        "wrote \(tokens) tokens, \(result.inputBytes) bytes in \(result.frames) zstd frames "
          + "(\(result.outputBytes) bytes) to \(output)")
    } else {
      var written = 0
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
      defer { buffer.deallocate() }
      try AtomicFile.write(to: output) { file in
        while true {
          let count = try reader.read(into: buffer)
          if count == 0 { break }
          try file.write(bytes: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
          written += count
        }
      }
      TerminalOutput.line("wrote \(tokens) tokens, \(written) bytes to \(output)")
    }
  }
}
