import Foundation
@_spi(Fuzzing) import Samplex

/// One reader under the fuzzer: the input is written to a file, as a user's would be, and the
/// reader must return or throw an error meant for users. Anything else (another error, a
/// crash, a hang, unbounded memory) is a finding.
///
/// This file is compiled twice: into `TestSupport`, where `FuzzCorporaTests` replays the kept
/// corpora in the ordinary build, and (through a symbolic link) into the libFuzzer package
/// `Tests/Fuzz`, whose targets call `run`. Each case's raw value names its corpus folder,
/// `Tests/Fuzz/Corpora/<raw value>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
  case configuration, vocabulary
  case word2vecText = "word2vec-text"
  case word2vecBinary = "word2vec-binary"
  case corpusPlain = "corpus-plain"
  case corpusZstd = "corpus-zstd"
  case checkpoint
  case checkpointResealed = "checkpoint-resealed"
  case analogies, similarity, projector

  /// Runs one libFuzzer input: `LLVMFuzzerTestOneInput` returns what this returns, and an
  /// unexpected error aborts, so that libFuzzer keeps the input as a finding.
  public func run(_ input: UnsafeRawBufferPointer) -> CInt {
    let path = FuzzTarget.inputPath
    let written = prepared(input).withUnsafeBytes { FuzzTarget.writeFile(path, $0) }
    precondition(written, "\(path): the fuzz input cannot be written")
    do {
      try read(path)
    } catch {
      // A clear error sentence is what hostile input should get; anything else is a finding.
      if !FuzzTarget.isMeantForUsers(error) {
        print("\(rawValue): unexpected \(type(of: error)): \(error)")
        abort()
      }
    }
    return 0
  }

  /// Whether `error` is one of the errors whose message is written for users.
  public static func isMeantForUsers(_ error: any Error) -> Bool {
    error is CorpusError || error is VocabularyError || error is VectorFileError
      || error is ConfigurationError || error is TrainingError || error is EvaluationError
  }

  /// The bytes the reader gets: the zstd target keeps every input on the decoder's path, so an
  /// input that does not open with a zstd frame's magic number gets one in front; the resealed
  /// checkpoint target ends every input with the checksum of the bytes before it, so that its
  /// mutations reach the checks behind the checksum.
  public func prepared(_ input: UnsafeRawBufferPointer) -> [UInt8] {
    let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
    if self == .corpusZstd, !input.starts(with: magic) { return magic + input }
    if self == .checkpointResealed { return Checkpoint.resealed(Array(input)) }
    return Array(input)
  }

  /// Does with the file at `path` what the command line does with a user's file.
  public func read(_ path: String) throws {
    switch self {
    case .configuration:
      var configuration = RunConfiguration()
      var origins: [String: ConfigurationOrigin] = [:]
      configuration.apply(try ConfigurationYAML.read(path: path), origins: &origins)
    case .vocabulary:
      _ = try VocabularyFile.read(from: path)
    case .word2vecText:
      _ = try Word2VecReader.read(path: path, format: .text)
    case .word2vecBinary:
      _ = try Word2VecReader.read(path: path, format: .binary)
    case .corpusPlain, .corpusZstd:
      // The vocabulary pass reads the file as one stream; the epoch pass splits it between two
      // workers (byte ranges, or frames found from their headers) as training does.
      let source = try TextSource(path: path)
      let (builder, _) = try VocabularyBuilder.counting(source, options: .init())
      let vocabulary = try builder.build(minCount: 1, corpus: path)
      let stream = EpochStream(
        source: source, vocabulary: vocabulary,
        subsampler: Subsampler(vocabulary: vocabulary, threshold: 1e-3),
        tokenizerOptions: .init(), heldOutShare: 0.1)
      _ = try stream.countWindows(window: 2, workers: 2, seed: 1)
    case .checkpoint, .checkpointResealed:
      // What a resume reads first; the held-out pairs are then measured against a model of the
      // checkpoint's shapes, where an id past the vocabulary read outside the tables. (The
      // input's size bounds those shapes: the file must hold the tables it announces.)
      let checkpoint = try Checkpoint.read(path: path)
      let model = Model(
        vocabularySize: checkpoint.vocabularySize, dimensions: checkpoint.dimensions, seed: 1)
      _ = checkpoint.heldOut?.crossEntropy(model: model)
    case .analogies:
      // What `samplex eval --analogies` does: read the questions, then score them.
      let questions = try AnalogyQuestions(path: path)
      _ = AnalogyEvaluation.evaluate(questions, vectors: FuzzTarget.vectors, restrict: 4)
    case .similarity:
      let pairs = try SimilarityPairs(path: path)
      _ = try SimilarityScore(pairs, vectors: FuzzTarget.vectors)
    case .projector:
      // The input holds the pair: `tensors.tsv` up to its first NUL byte, `metadata.tsv` after.
      let bytes = readBack(path)
      let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
      let folder = path + "-projector"
      try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let paths = ProjectorPaths(folder: folder)
      let tensors = Array(bytes[..<split])
      let metadata = Array(bytes[min(split + 1, bytes.endIndex)...])
      // (A failure to write is the harness's, not a finding.)
      let written =
        tensors.withUnsafeBytes { FuzzTarget.writeFile(paths.tensors, $0) }
        && metadata.withUnsafeBytes { FuzzTarget.writeFile(paths.metadata, $0) }
      precondition(written, "\(folder): the fuzz input's pair cannot be written")
      _ = try ProjectorTSV.read(paths)
    }
  }

  /// The vectors the evaluation files are scored against: a few words, the first four most
  /// frequent, so that questions and pairs inside, partly inside and outside the vocabulary
  /// are all scored.
  static let vectors = WordVectors(
    words: ["king", "queen", "man", "woman", "Paris", "France"], dimensions: 3,
    values: [1, 0.5, 0, 0.9, 0.6, 0.1, 0.2, 1, 0, 0.1, 0.9, 0.3, 0, 0, 1, -0.5, 0.2, 0.8])

  /// One file per process, rewritten for every input.
  static let inputPath: String = {
    let folder = NSTemporaryDirectory() + "samplex-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder + "/input"
  }()

  /// Writes `bytes` to `path` through the descriptor (Foundation's writes cost more per call,
  /// and libFuzzer makes thousands a second).
  public static func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var offset = 0
    while offset < bytes.count {
      let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      guard count > 0 else { return false }
      offset += count
    }
    return true
  }
}

/// The bytes of the file at `path`, which the harness has just written, read through the
/// descriptor (Foundation's `Data(contentsOf:)` leaks its buffer reading an empty file, which
/// LeakSanitizer reports as a finding). Outside `FuzzTarget`, whose `read(_:)` would hide the
/// system's `read`.
private func readBack(_ path: String) -> [UInt8] {
  let descriptor = open(path, O_RDONLY)
  precondition(descriptor >= 0, "\(path): the fuzz input cannot be read back")
  defer { close(descriptor) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
    precondition(count >= 0, "\(path): the fuzz input cannot be read back")
    if count == 0 { return bytes }
    bytes += chunk[..<count]
  }
}
