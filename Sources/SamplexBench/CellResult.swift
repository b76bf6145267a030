import Foundation
import Samplex

/// What a finished bench cell measured, as its `result.json` keeps it: the file whose presence
/// marks the cell done, so that a rerun skips it.
package struct CellResult: Sendable, Codable, Equatable {
  /// One evaluation during training.
  package struct Point: Sendable, Codable, Equatable {
    package var seconds: Double
    package var words: Int
    package var examples: Int
    /// The training loss over the interval before this point (nil when none was published).
    package var loss: Double?
    package var learningRate: Double
    /// The held-out exact cross-entropy, overall and by frequency band (nats).
    package var heldOut: Double
    /// The standard error of `heldOut` over the held-out pairs: their SD / sqrt(pairs) (nil in
    /// results written before it was measured).
    package var heldOutStandardError: Double? = nil
    package var head: Double?
    package var torso: Double?
    package var tail: Double?
    /// The gradient diagnostics on the probe batch (sampled losses only).
    package var diagnostics: GradientDiagnostics.Report?
  }

  package var name: String
  package var loss: String
  package var sampler: String
  package var samples: Int?
  /// The cell's resolved settings: a finished cell is reused only while they are unchanged.
  package var settings: String
  package var words: Int
  package var examples: Int
  package var points: [Point]
  /// Analogy and similarity figures, keyed as `evaluation.json` keys them.
  package var evaluation: [String: Double]
  /// How training diverged (the trainer's message), for a cell whose loss stopped being finite;
  /// its figures are then those of its last evaluation.
  package var diverged: String?
  /// The seed this run trained under (nil in results written before `bench.seeds`).
  package var seed: UInt64? = nil
  /// The starting learning rate it trained at: the config's, or a fraction of it after a
  /// diverged try (nil in results written before retries).
  package var learningRate: Double? = nil
  /// Every starting rate tried, in order: more than one when a try diverged.
  package var ratesTried: [Double]? = nil
  /// The words every cell of the bench trains when no time budget cuts it: its epochs times the
  /// training words of one pass over the corpus (nil in results written before it was kept).
  package var sharedWords: Int? = nil
  /// Each held-out pair's loss at the last evaluation (nats), in the held-out set's order: every
  /// cell scores the same pairs, so two cells compare pair by pair (`CellSummary.gap`;
  /// nil in results written before they were kept).
  package var heldOutLosses: [Float]? = nil
  /// How its candidates were shared as it trained (`loss.candidates`: `window`, `pair` or
  /// `batch`; nil for a loss that draws none, and in results written before it was kept): its
  /// gradient diagnostics drew them per probe pair, or shared by the probe batch for `batch`.
  package var candidates: String? = nil
  /// The Samplex build, machine and date that trained it (nil in results written before they
  /// were kept): a rerun reuses a cell, so the report's build need not be the cell's.
  package var provenance: Provenance? = nil

  /// Whether it trained fewer words than every cell shares (a time budget cut it): such a cell
  /// is reported, never ranked.
  package var isShort: Bool { sharedWords.map { words < $0 } ?? false }

  /// The last evaluation.
  package var final: Point? { points.last }

  /// Seconds of training: the time of the last evaluation's tick, taken when training ended
  /// and before that evaluation ran (evaluations during training are counted: they share the
  /// cores with the workers, the same for every cell).
  package var seconds: Double { final?.seconds ?? 0 }
  package var wordsPerSecond: Double { seconds > 0 ? Double(words) / seconds : 0 }
  package var examplesPerSecond: Double { seconds > 0 ? Double(examples) / seconds : 0 }

  /// The largest `result.json` read: a cell's result takes a few KiB for each evaluation, and
  /// 64 MiB holds thousands of them, so that a file replaced by a device or a huge one is
  /// refused at once instead of filling memory.
  package static let maxBytes = 64 << 20

  /// Reads a cell's `result.json`.
  /// - Throws: `BenchError.unreadableResult` for a missing, malformed or too large file.
  package static func read(path: String) throws -> CellResult {
    let bytes: [UInt8]?
    do {
      bytes = try OpenFile(path: path).contents(limit: maxBytes)
    } catch {
      let reason: String
      switch error {
      case .notFound: reason = "it is missing"
      case .isDirectory: reason = "it is a folder"
      case .unreadable(_, let why): reason = why
      default: reason = "it cannot be read"
      }
      throw BenchError.unreadableResult(path: path, reason: reason)
    }
    guard let bytes else {
      throw BenchError.unreadableResult(
        path: path, reason: "it holds more than \(maxBytes >> 20) MiB, more than any cell's result")
    }
    do {
      let decoder = JSONDecoder()
      decoder.nonConformingFloatDecodingStrategy = Self.nonFinite
      return try decoder.decode(CellResult.self, from: Data(bytes))
    } catch let error as DecodingError {
      throw BenchError.unreadableResult(path: path, reason: Self.problem(error))
    } catch {
      throw BenchError.unreadableResult(path: path, reason: "it is not a cell result")
    }
  }

  /// What a decoding error says in words: the key it concerns, never Foundation's own text
  /// (which named `NSCocoaErrorDomain` and coding paths).
  private static func problem(_ error: DecodingError) -> String {
    func key(_ path: [any CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        .drop(while: { $0 == "." }).description
    }
    switch error {
    case .keyNotFound(let missing, let context):
      let whole = key(context.codingPath + [missing])
      return "it is not a cell result: '\(whole)' is missing"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "it is not a cell result: '\(key(context.codingPath))' has a value of the wrong kind"
    case .dataCorrupted(let context) where !context.codingPath.isEmpty:
      return "it is not a cell result: '\(key(context.codingPath))' has a value of the wrong kind"
    default:
      return "it is not JSON"
    }
  }

  // A diverged cell's figures are infinite or NaN; JSON has no literal for them.
  private static let nonFinite = JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  private static let nonFiniteEncoding = JSONEncoder.NonConformingFloatEncodingStrategy
    .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

  /// Writes the result to `path`, atomically.
  package func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    encoder.nonConformingFloatEncodingStrategy = Self.nonFiniteEncoding
    let data = try encoder.encode(self)
    try AtomicFile.write(to: path) { file in
      try data.withUnsafeBytes { try file.write(bytes: $0) }
      try file.write("\n")
    }
  }
}
