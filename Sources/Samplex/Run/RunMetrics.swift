import Synchronization

/// A run's progress ticks, kept for `metrics.jsonl` as they pass on to whoever shows them; a
/// resumed run's file begins with the interrupted run's lines up to its checkpoint.
final class RunMetrics: Sendable {
  private let ticks = Mutex<[ProgressTick]>([])
  private let path: String
  private let run: RunID
  private let earlier: [String]
  private let progress: @Sendable (ProgressTick) -> Void

  /// - Parameters:
  ///   - upToWords: a resume's checkpoint's words: the folder's earlier lines up to them are
  ///     kept.
  ///   - log: told when the earlier lines are passed over (an oversized file).
  init(
    folder: String, run: RunID, upToWords: Int?,
    progress: @escaping @Sendable (ProgressTick) -> Void, log: (String) -> Void
  ) {
    path = RunFile.metrics.path(in: folder)
    self.run = run
    self.progress = progress
    var earlier: [String] = []
    if let upToWords {
      do {
        earlier = try MetricsFile.lines(in: path, upToWords: upToWords, run: run)
      } catch {
        log(error.warning(Self.passedOverConsequence))
      }
    }
    self.earlier = earlier
  }

  /// What a resume logs when the earlier `metrics.jsonl` was passed over.
  static let passedOverConsequence =
    "the interrupted run's metrics are not carried over; metrics.jsonl now holds this resume's "
    + "ticks only"

  /// Keeps `tick` and passes it on.
  @Sendable func record(_ tick: ProgressTick) {
    ticks.withLock { $0.append(tick) }
    progress(tick)
  }

  /// Writes `metrics.jsonl`: the earlier lines, then this run's ticks.
  func write() throws {
    try MetricsFile.write(ticks.withLock { $0 }, after: earlier, run: run, to: path)
  }
}
