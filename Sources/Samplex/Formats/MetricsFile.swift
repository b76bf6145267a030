import Foundation

/// `metrics.jsonl`: one JSON object per progress tick, written atomically when the run ends;
/// in a run folder each line names the run (`"run"`), so that a resume keeps its own run's. A
/// figure a tick has not (`words_per_second` of an interval that trained no word, `loss` of one
/// without predictions) is left out of its line, never written as a 0 that was not measured.
package enum MetricsFile {
  /// The largest `metrics.jsonl` a resume reads back: a line takes about 200 bytes, so 1 GiB
  /// holds five million ticks, a tick a second for two months.
  package static let maxBytes = 1 << 30

  /// One line of JSON for `tick` of `run`.
  package static func line(for tick: ProgressTick, run: RunID? = nil) -> String {
    var fields: [String] = run.map { ["\"run\":\"\($0)\""] } ?? []
    fields += [
      "\"epoch\":\(tick.epoch)", "\"seconds\":\(format(tick.seconds))",
      "\"progress\":\(format(tick.progress))",
      "\"words\":\(tick.wordsSeen)", "\"examples\":\(tick.examplesSeen)",
    ]
    if let speed = tick.wordsPerSecond { fields.append("\"words_per_second\":\(format(speed))") }
    fields.append("\"learning_rate\":\(format(Double(tick.learningRate)))")
    if let loss = tick.loss { fields.append("\"loss\":\(format(loss))") }
    if let crossEntropy = tick.heldOutCrossEntropy {
      fields.append("\"heldout_cross_entropy\":\(format(crossEntropy))")
    }
    return "{" + fields.joined(separator: ",") + "}"
  }

  /// Writes `earlier` lines (a resumed run's history, `lines(in:upToWords:run:)`), then the
  /// ticks' lines of `run`, to `path`, atomically. The ticks' seconds go on from the last earlier
  /// line's: a resumed run's clock starts again at 0.
  package static func write(
    _ ticks: [ProgressTick], after earlier: [String] = [], run: RunID? = nil, to path: String
  ) throws {
    let offset = earlier.last.flatMap { number("seconds", in: $0) } ?? 0
    try AtomicFile.write(to: path) { file in
      for line in earlier { try file.write(line + "\n") }
      for var tick in ticks {
        tick.seconds += offset
        try file.write(line(for: tick, run: run) + "\n")
      }
    }
  }

  /// The lines of the metrics file at `path` that a resume of `run` from a checkpoint keeps:
  /// the run's own ticks up to `words` words seen (the checkpoint's), in order; the interrupted
  /// run's later ticks are of training the resumed run does again. None when the file is
  /// missing or unreadable, and a line that is not a tick of the run is left out.
  /// - Throws: `OversizedFile` past `maxBytes` (read no further, so that a file replaced by a
  ///   device cannot fill memory).
  package static func lines(
    in path: String, upToWords words: Int, run: RunID
  ) throws(OversizedFile) -> [String] {
    guard let bytes = try OversizedFile.contents(of: path, limit: maxBytes) else { return [] }
    let text = String(decoding: bytes, as: UTF8.self)
    return text.split(separator: "\n").compactMap { line in
      let object = self.object(String(line))
      guard object?["run"] as? String == run.description,
        let seen = (object?["words"] as? NSNumber)?.doubleValue, seen <= Double(words)
      else { return nil }
      return String(line)
    }
  }

  /// The number under `key` in one line of JSON, or nil.
  private static func number(_ key: String, in line: String) -> Double? {
    (object(line)?[key] as? NSNumber)?.doubleValue
  }

  /// One line of JSON as an object, or nil.
  private static func object(_ line: String) -> [String: Any]? {
    try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
  }

  private static func format(_ value: Double) -> String {
    value.isFinite ? String(format: "%.6g", value) : "null"
  }
}
