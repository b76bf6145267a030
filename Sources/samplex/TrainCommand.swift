import ArgumentParser
import Foundation
import Samplex
import Synchronization

extension Architecture: ExpressibleByArgument {}
extension TrainingOptions.LossKind: ExpressibleByArgument {}
extension TrainingOptions.SamplerKind: ExpressibleByArgument {}

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train word vectors on a corpus.",
    discussion: """
      Trains skip-gram or CBOW with negative sampling (word2vec's defaults), sampled softmax,
      NCE or the exact full softmax, in parallel, and writes a run folder: vectors.bin and
      vectors.txt (word2vec formats), vocab.txt, config.yaml and metrics.jsonl. Example:
        samplex train Data/kjv.txt.zst --output runs/kjv --neighbors god,water
      """)

  @Argument(help: "The corpus: a text file, a .zst file, or '-' for standard input.")
  var corpus: String

  @Option(name: .shortAndLong, help: "The run folder to write.")
  var output = "samplex-run"

  @Option(name: .customLong("model"), help: "skipgram or cbow.")
  var architecture: Architecture = .skipGram

  @Option(help: "negative-sampling, sampled-softmax, nce or full-softmax.")
  var loss: TrainingOptions.LossKind = .negativeSampling

  @Option(help: "The candidate sampler: uniform, log-uniform or unigram.")
  var sampler: TrainingOptions.SamplerKind = .unigram

  @Option(help: "The unigram sampler's power.")
  var power = 0.75

  @Option(help: "Candidates per window (word2vec's -negative).")
  var samples = 5

  @Option(help: "Draw candidates once per window (fast) or per pair (word2vec's exact loop).")
  var candidates: String = "window"

  @Option(help: "Vector size.")
  var dim = 100

  @Option(help: "Maximum distance between a word and its context.")
  var window = 5

  @Option(help: "Ignore words seen fewer times.")
  var minCount = 5

  @Option(help: "Keep at most this many of the most frequent words.")
  var maxSize: Int?

  @Option(help: "The subsampling threshold of frequent words (0 keeps all).")
  var subsample = 1e-3

  @Option(help: "Passes over the corpus.")
  var epochs = 5

  @Option(help: "Starting learning rate (0.025 for skip-gram, 0.05 for CBOW).")
  var lr: Float?

  @Option(help: "Final learning rate (the starting one × 1e-4).")
  var minLr: Float?

  @Option(help: "Worker threads.")
  var threads = ProcessInfo.processInfo.activeProcessorCount

  @Option(help: "Random seed; with --threads 1, the run is bit-for-bit reproducible.")
  var seed: UInt64 = 1

  @Flag(help: "Lowercase every word.")
  var lowercase = false

  @Option(help: "Share of sentences held out for the exact cross-entropy yardstick.")
  var heldout = 0.002

  @Option(help: "Held-out (context, centre) pairs scored after each epoch.")
  var heldoutPairs = 2000

  @Option(help: "Print the nearest neighbours of these words (comma-separated) at the end.")
  var neighbors: String?

  @Option(help: "Seconds between progress reports.")
  var progressInterval = 2.0

  var options: TrainingOptions {
    var options = TrainingOptions()
    options.architecture = architecture
    options.loss = loss
    options.sampler = sampler
    options.power = power
    options.samples = samples
    options.candidateSharing = .init(rawValue: candidates) ?? .perWindow
    options.dimensions = dim
    options.window = window
    options.minCount = minCount
    options.maxVocabularySize = maxSize
    options.subsample = subsample
    options.epochs = epochs
    options.learningRate = lr
    options.minLearningRate = minLr
    options.workers = threads
    options.seed = seed
    options.lowercase = lowercase
    options.heldOutShare = heldout
    options.heldOutPairs = heldoutPairs
    options.progressInterval = progressInterval
    return options
  }

  func validate() throws {
    guard ["window", "pair"].contains(candidates) else {
      throw ValidationError("--candidates must be 'window' or 'pair'.")
    }
    guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1.") }
  }

  func run() throws {
    let options = self.options
    let source = try TextSource(path: corpus)
    guard source.isSeekable else { throw TrainingError.needsFile(path: corpus) }
    let (builder, statistics) = try VocabularyBuilder.counting(
      source, options: TokenizerOptions(lowercase: options.lowercase))
    let vocabulary = try builder.build(
      minCount: options.minCount, maxSize: options.maxVocabularySize, corpus: corpus)
    log(
      "vocabulary: \(grouped(vocabulary.count)) words (min_count \(options.minCount)) of \(grouped(statistics.tokens)) tokens"
    )
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    let ticks = Mutex<[ProgressTick]>([])
    let live = isatty(STDERR_FILENO) == 1
    let run = try TrainerFactory.train(options: options, source: source, vocabulary: vocabulary) {
      tick in
      ticks.withLock { $0.append(tick) }
      Self.show(tick, live: live)
    }
    if live { FileHandle.standardError.write("\n".data(using: .utf8)!) }
    try Word2VecWriter.write(
      words: vocabulary.words, vectors: run.model.input, to: output + "/vectors.bin",
      format: .binary)
    try Word2VecWriter.write(
      words: vocabulary.words, vectors: run.model.input, to: output + "/vectors.txt", format: .text)
    try VocabularyFile.write(vocabulary, to: output + "/vocab.txt")
    try MetricsFile.write(ticks.withLock { $0 }, to: output + "/metrics.jsonl")
    try ConfigurationWriter.write(options, corpus: corpus, to: output + "/config.yaml")
    print(
      String(
        format: "trained %@ words in %.1f s (%.0f words/s); held-out cross-entropy %@; wrote %@",
        grouped(run.wordsSeen), run.seconds, run.wordsPerSecond,
        run.heldOutCrossEntropy.last.map {
          String(format: "%.4f nats over %d pairs", $0, run.heldOutPairs)
        }
          ?? "not measured", output))
    if let neighbors {
      let index = NearestNeighbors(words: vocabulary.words, vectors: run.model.input)
      for word in neighbors.split(separator: ",").map(String.init) {
        guard let id = vocabulary.id(of: word) else {
          print("\(word): not in the vocabulary")
          continue
        }
        let list = index.neighbors(of: Int(id), count: 8).map {
          String(format: "%@ %.3f", $0.word, $0.similarity)
        }
        print("\(word): " + list.joined(separator: ", "))
      }
    }
  }

  private func log(_ message: String) {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
  }

  /// On a terminal, one line redrawn in place; otherwise a log line per tick.
  private static func show(_ tick: ProgressTick, live: Bool) {
    var text = String(
      format: "epoch %d  %5.1f%%  %.0f words/s  lr %.5f  eta %.0f s", tick.epoch,
      tick.progress * 100,
      tick.wordsPerSecond, tick.learningRate, tick.secondsLeft)
    if let loss = tick.loss { text += String(format: "  loss %.4f", loss) }
    if let crossEntropy = tick.heldOutCrossEntropy {
      text += String(format: "  held-out CE %.4f", crossEntropy)
    }
    let line =
      live ? "\r\u{1B}[2K" + text + (tick.heldOutCrossEntropy != nil ? "\n" : "") : text + "\n"
    FileHandle.standardError.write(line.data(using: .utf8)!)
  }
}
