import Foundation

/// The text of a progress tick for people: `samplex train`'s live line on a terminal (redrawn
/// in place, so it must fit the terminal's width, or each redraw leaves a wrapped row behind)
/// and its log line otherwise.
public enum ProgressLine {
  /// The fields of `tick`, in the order shown, each with its rank: the lower, the longer it
  /// stays when the line must be shortened. A figure the tick has not (no words trained in the
  /// interval, no loss, no time left known) has no field.
  static func fields(of tick: ProgressTick) -> [(rank: Int, text: String)] {
    var fields: [(Int, String)] = [
      (0, "epoch \(tick.epoch)"), (1, String(format: "%5.1f%%", tick.progress * 100)),
    ]
    if let speed = tick.wordsPerSecond { fields.append((5, String(format: "%.0f words/s", speed))) }
    fields.append((6, String(format: "lr %.5f", tick.learningRate)))
    if let seconds = tick.secondsLeft { fields.append((4, String(format: "eta %.0f s", seconds))) }
    if let loss = tick.loss { fields.append((3, String(format: "loss %.4f", loss))) }
    if let crossEntropy = tick.heldOutCrossEntropy {
      fields.append((2, String(format: "held-out CE %.4f", crossEntropy)))
    }
    return fields
  }

  /// Every field of `tick`.
  public static func text(of tick: ProgressTick) -> String {
    fields(of: tick).map(\.text).joined(separator: "  ")
  }

  /// The fields of `tick` that fit in `width` characters: whole fields are dropped, the least
  /// important first (the learning rate, then the speed, the time left, the loss), never a
  /// number cut in two; the epoch is kept even where nothing else fits.
  public static func text(of tick: ProgressTick, width: Int) -> String {
    var fields = fields(of: tick)
    func length() -> Int {
      fields.reduce(0) { $0 + $1.text.count } + 2 * max(fields.count - 1, 0)
    }
    while length() > width, fields.count > 1,
      let last = fields.indices.max(by: { fields[$0].rank < fields[$1].rank })
    {
      fields.remove(at: last)
    }
    return fields.map(\.text).joined(separator: "  ")
  }
}
