import ArgumentParser
import Foundation
import Samplex

struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Draw candidates from a sampler and compare what it drew with Q.",
    discussion: """
      Without --draws, prints one draw of --samples candidates with each one's Q and expected \
      count. With --draws N, makes N draws and prints a histogram of the most probable ids \
      (observed against expected counts) and a χ² test over all ids.

      Examples:
        samplex sample --sampler log-uniform --vocab-size 1000000 --samples 64 --unique
        samplex sample --sampler unigram --counts vocab.txt --power 0.75 --samples 64 --draws 10000
      """)

  enum Kind: String, ExpressibleByArgument, CaseIterable {
    case uniform
    case logUniform = "log-uniform"
    case unigram
  }

  @Option(help: "uniform, log-uniform or unigram.")
  var sampler: Kind = .logUniform

  @Option(help: "The number of classes (uniform, log-uniform), where --counts does not set it.")
  var vocabSize: Int?

  @Option(help: "Candidates per draw (S).")
  var samples = 64

  @Flag(help: "Draw distinct candidates (rejection, as TensorFlow's unique=True).")
  var unique = false

  @Option(help: "A vocab.txt ('word count' lines): the unigram's counts; sets the class count.")
  var counts: String?

  @Option(help: "The unigram power α (0.75 is word2vec's, 1 the plain unigram).")
  var power = 0.75

  @Option(help: "Random seed.")
  var seed: UInt64 = 1

  @Option(help: "Make this many draws and print a histogram instead of one draw.")
  var draws: Int?

  @Option(help: "Rows of the histogram.")
  var top = 20

  func validate() throws {
    guard samples >= 1 else { throw ValidationError("--samples must be at least 1.") }
    if sampler == .unigram, counts == nil {
      throw ValidationError("The unigram sampler needs --counts vocab.txt.")
    }
    if sampler != .unigram, vocabSize == nil, counts == nil {
      throw ValidationError(
        "--vocab-size or --counts is needed for the \(sampler.rawValue) sampler.")
    }
    if let vocabSize, vocabSize < 1 { throw ValidationError("--vocab-size must be at least 1.") }
    if let vocabSize, vocabSize > Int(Int32.max) {
      throw ValidationError("--vocab-size must be at most \(Int32.max): a class id is 32 bits.")
    }
    if let draws, draws < 1 { throw ValidationError("--draws must be at least 1.") }
  }

  func run() throws {
    let vocabulary = try counts.map(VocabularyFile.read(from:))
    if let vocabulary, let counts, let vocabSize, vocabSize != vocabulary.words.count {
      throw VocabularySizeMismatchError(
        given: vocabSize, counted: vocabulary.words.count, path: counts)
    }
    let classes = vocabulary?.words.count ?? vocabSize ?? 1
    let chosen: any CandidateSampler
    switch sampler {
    case .uniform: chosen = try UniformSampler(rangeMax: classes)
    case .logUniform: chosen = try LogUniformSampler(rangeMax: classes)
    case .unigram:
      guard let vocabulary else {
        throw ValidationError("The unigram sampler needs --counts vocab.txt.")
      }
      chosen = try UnigramSampler(vocabulary: vocabulary, power: power)
    }
    let words = vocabulary.map { Array($0.words) }
    if unique { try SamplerError.checkUnique(numSampled: samples, rangeMax: chosen.rangeMax) }
    // The candidates (4 bytes each; with --unique, up to 64 more for the set that keeps them
    // distinct) and, with --draws, a count, an expectation and a place in order per class.
    try MemoryCheck.require(
      MemoryCheck.sum([
        MemoryCheck.product(samples, unique ? 68 : 4),
        draws == nil ? 0 : MemoryCheck.product(chosen.rangeMax, 24),
      ]), for: "\(samples) candidates" + (draws == nil ? "" : " over \(chosen.rangeMax) classes"),
      remedy: draws == nil ? "lower --samples" : "lower --samples or --vocab-size")
    TerminalOutput.line(try report(chosen, words: words))
  }

  private func report(_ sampler: some CandidateSampler, words: [String]?) throws -> String {
    var random = Xoshiro256StarStar(seed: seed)
    var candidates = [Int32](repeating: 0, count: samples)
    func label(_ id: Int32) -> String { words.map { "\(id) \($0[Int(id)])" } ?? "\(id)" }
    guard let draws else {
      let tries = candidates.withUnsafeMutableBufferPointer {
        sampler.sample(into: $0, unique: unique, using: &random)
      }
      var lines = ["\(samples) candidates in \(tries) tries (V = \(sampler.rangeMax))"]
      lines.append("id\tQ\texpected count")
      for id in candidates {
        let q = sampler.probability(of: id)
        let count = sampler.expectedCount(of: id, numSampled: samples, numTries: tries)
        lines.append("\(label(id))\t\(String(format: "%.6g", q))\t\(String(format: "%.6g", count))")
      }
      return lines.joined(separator: "\n")
    }
    var observed = [Int](repeating: 0, count: sampler.rangeMax)
    var expected = [Double](repeating: 0, count: sampler.rangeMax)
    var totalTries = 0
    for _ in 0..<draws {
      let tries = candidates.withUnsafeMutableBufferPointer {
        sampler.sample(into: $0, unique: unique, using: &random)
      }
      totalTries += tries
      for id in candidates { observed[Int(id)] += 1 }
      if unique {
        for id in 0..<sampler.rangeMax {
          expected[id] += sampler.expectedCount(of: Int32(id), numSampled: samples, numTries: tries)
        }
      }
    }
    if !unique {
      for id in 0..<sampler.rangeMax {
        expected[id] = Double(draws * samples) * sampler.probability(of: Int32(id))
      }
    }
    let order = (0..<sampler.rangeMax).sorted {
      sampler.probability(of: Int32($0)) > sampler.probability(of: Int32($1))
    }
    var lines = [
      "\(draws) draws of \(samples)\(unique ? " distinct" : "") candidates, \(totalTries) tries (V = \(sampler.rangeMax))",
      "id\tQ\texpected\tobserved",
    ]
    for id in order.prefix(top) {
      lines.append(
        "\(label(Int32(id)))\t\(String(format: "%.6g", sampler.probability(of: Int32(id))))\t"
          + "\(String(format: "%.1f", expected[id]))\t\(observed[id])")
    }
    // χ² over ids merged in Q order into bins expecting at least 5 each.
    var statistic = 0.0
    var bins = 0
    var binObserved = 0
    var binExpected = 0.0
    for id in order {
      binObserved += observed[id]
      binExpected += expected[id]
      if binExpected >= 5 {
        statistic +=
          (Double(binObserved) - binExpected) * (Double(binObserved) - binExpected) / binExpected
        bins += 1
        binObserved = 0
        binExpected = 0
      }
    }
    if bins > 1 {
      let p = ChiSquare.upperTail(statistic, degreesOfFreedom: bins - 1)
      lines.append(
        String(format: "χ² = %.1f over %d bins, p = %.3g", statistic, bins, p)
          + (unique ? " (unique: expected counts are TensorFlow's approximation)" : ""))
    }
    return lines.joined(separator: "\n")
  }
}
