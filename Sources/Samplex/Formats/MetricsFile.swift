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

  /// Writes the lines to `path`, atomically.
  public static func write(_ ticks: [ProgressTick], to path: String) throws {
    try AtomicFile.write(to: path) { file in
      for tick in ticks { try file.write(line(for: tick) + "\n") }
    }
  }

  private static func format(_ value: Double) -> String {
    value.isFinite ? String(format: "%.6g", value) : "null"
  }
}
