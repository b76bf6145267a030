import Foundation

/// `metrics.jsonl`: one JSON object per progress tick, written atomically when the run ends.
public enum MetricsFile {
  /// One line of JSON for `tick`.
  public static func line(for tick: ProgressTick) -> String {
    var fields: [String] = [
      "\"epoch\":\(tick.epoch)", "\"seconds\":\(format(tick.seconds))",
      "\"progress\":\(format(tick.progress))",
      "\"words\":\(tick.wordsSeen)", "\"examples\":\(tick.examplesSeen)",
      "\"words_per_second\":\(format(tick.wordsPerSecond))",
      "\"learning_rate\":\(format(Double(tick.learningRate)))",
    ]
    if let loss = tick.loss { fields.append("\"loss\":\(format(loss))") }
    if let crossEntropy = tick.heldOutCrossEntropy {
      fields.append("\"heldout_cross_entropy\":\(format(crossEntropy))")
    }
    return "{" + fields.joined(separator: ",") + "}"
  }

  /// Writes `earlier` lines (a resumed run's history, `lines(in:upToWords:)`), then the ticks'
  /// lines, to `path`, atomically. The ticks' seconds go on from the last earlier line's: a
  /// resumed run's clock starts again at 0.
  public static func write(_ ticks: [ProgressTick], after earlier: [String] = [], to path: String)
    throws
  {
    let offset = earlier.last.flatMap { number("seconds", in: $0) } ?? 0
    try AtomicFile.write(to: path) { file in
      for line in earlier { try file.write(line + "\n") }
      for var tick in ticks {
        tick.seconds += offset
        try file.write(line(for: tick) + "\n")
      }
    }
  }

  /// The lines of the metrics file at `path` that a run resumed from a checkpoint keeps: those
  /// of ticks up to `words` words seen (the checkpoint's), in order; the interrupted run's
  /// later ticks are of training the resumed run does again. None when the file is missing or
  /// unreadable, and a line that is not a tick is left out.
  public static func lines(in path: String, upToWords words: Int) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
      guard let seen = number("words", in: String(line)), seen <= Double(words) else { return nil }
      return String(line)
    }
  }

  /// The number under `key` in one line of JSON, or nil.
  private static func number(_ key: String, in line: String) -> Double? {
    let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    return (object?[key] as? NSNumber)?.doubleValue
  }

  private static func format(_ value: Double) -> String {
    value.isFinite ? String(format: "%.6g", value) : "null"
  }
}
