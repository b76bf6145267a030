import Foundation
import Samplex
import TestSupport
import Testing

/// Seeded random damage to a valid input: flipped bytes, cuts, inserted bytes (separators,
/// digits of huge numbers, zeros, invalid UTF-8) and repeated slices, one to four at a time.
struct Mutator {
  var random: Xoshiro256StarStar

  init(seed: UInt64) { random = Xoshiro256StarStar(seed: seed) }

  mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0...random.next(below: 4) {
      let position = bytes.isEmpty ? 0 : random.next(below: bytes.count + 1)
      switch random.next(below: 5) {
      case 0 where !bytes.isEmpty:
        bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
      case 1:
        bytes.removeSubrange(position...)
      case 2:
        let pieces: [[UInt8]] = [
          Array("\n".utf8), Array(" ".utf8), Array("\t".utf8), Array("99999999999999999999".utf8),
          Array("-1".utf8), [0], [0xFF, 0xFE], Array(": \n".utf8), Array("1e39".utf8),
          Array("nan".utf8),
        ]
        bytes.insert(contentsOf: pieces[random.next(below: pieces.count)], at: position)
      default:
        let end = min(bytes.count, position + random.next(below: 64))
        bytes.insert(contentsOf: bytes[position..<end], at: position)
      }
    }
    return bytes
  }
}

/// Damaged copies per input: 1000, or `SAMPLEX_FUZZ_ITERATIONS` for a longer soak.
let fuzzIterations =
  Int(ProcessInfo.processInfo.environment["SAMPLEX_FUZZ_ITERATIONS"] ?? "") ?? 1000

/// Feeds `iterations` damaged copies of `seed` to `parse`, which must return or throw one of
/// the errors a user is meant to see, never crash, hang or throw anything else.
private func survive(
  _ seed: [UInt8], iterations: Int = fuzzIterations, file name: String,
  _ parse: (String) throws -> Void
) throws {
  var mutator = Mutator(seed: name.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) })
  let folder = try Fixtures.temporaryDirectory()
  for iteration in 0..<iterations {
    let path = folder + "/\(iteration)-" + name
    let bytes = mutator.mutate(seed)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    do {
      try parse(path)
    } catch is CorpusError, is VocabularyError, is VectorFileError, is ConfigurationError,
      is EvaluationError, is SamplerError
    {
      // A clear error: what hostile input should get.
    } catch {
      Issue.record("\(name) #\(iteration): unexpected error \(type(of: error)): \(error)")
    }
  }
}

@Suite struct HostileInputTests {
  static let vectors = WordVectors(
    words: ["the", "of", "é", "w3"], dimensions: 3,
    values: [0.5, -1, 2, 1e-3, 3e7, -0, 1, 2, 3, -4, -5, -6])

  @Test func wordVectorFiles() throws {
    let folder = try Fixtures.temporaryDirectory()
    for format in Word2VecWriter.Format.allCases {
      let path = folder + "/seed." + (format == .text ? "txt" : "bin")
      try Word2VecWriter.write(Self.vectors, to: path, format: format)
      let seed = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
      try survive(seed, file: "v.\(format.rawValue)") {
        _ = try Word2VecReader.read(path: $0, format: format)
      }
    }
  }

  @Test func projectorTSV() throws {
    let folder = try Fixtures.temporaryDirectory() + "/projector"
    try ProjectorTSV.write(Self.vectors, to: folder)
    let tensors = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/tensors.tsv")))
    try survive(tensors, file: "tensors.tsv") { path in
      let damaged = try Data(contentsOf: URL(fileURLWithPath: path))
      try damaged.write(to: URL(fileURLWithPath: folder + "/tensors.tsv"))
      _ = try ProjectorTSV.read(from: folder)
    }
  }

  @Test func configFiles() throws {
    let seed = Array(
      try Data(
        contentsOf: Fixtures.root.appendingPathComponent("configs/quickstart.yaml")))
    try survive(seed, file: "c.yaml") { _ = try ConfigurationYAML.read(path: $0) }
  }

  @Test func vocabularyFiles() throws {
    let seed = Array("the 120\nof 77\né 5\nw3 5\n".utf8)
    try survive(seed, file: "vocab.txt") { _ = try VocabularyFile.read(from: $0) }
  }

  @Test(arguments: ["tiny/kjv-head.txt", "tiny/kjv-head.txt.zst", "tiny/mixed.txt.zst"])
  func corpora(name: String) throws {
    let seed = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.data(name))))
    try survive(seed, iterations: fuzzIterations / 4, file: (name as NSString).lastPathComponent) {
      path in
      let (builder, _) = try VocabularyBuilder.counting(TextSource(path: path), options: .init())
      _ = try builder.build(minCount: 1, corpus: path)
    }
  }

  @Test func evaluationFiles() throws {
    let analogies = Array(
      ": capital\nathens greece baghdad iraq\n: gram1\ngo went come came\n".utf8)
    try survive(analogies, file: "q.txt") { _ = try AnalogyQuestions(path: $0) }
    let pairs = Array("# comment\nlove\tsex\t6.77\ntiger\tcat\t7.35\n".utf8)
    try survive(pairs, file: "s.tsv") { path in
      _ = try SimilarityScore(SimilarityPairs(path: path), vectors: Self.vectors)
    }
  }
}
