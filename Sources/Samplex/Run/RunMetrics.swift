import Synchronization

/// A run's progress ticks, kept for `metrics.jsonl` as they pass on to whoever shows them; a
/// resumed run's file begins with the interrupted run's lines up to its checkpoint.
final class RunMetrics: Sendable {
  private let ticks = Mutex<[ProgressTick]>([])
  private let path: String
  private let run: RunID
  private let earlier: [String]
  private let progress: @Sendable (ProgressTick) -> Void

  /// - Parameter upToWords: a resume's checkpoint's words: the folder's earlier lines up to
  ///   them are kept.
  init(
    folder: String, run: RunID, upToWords: Int?,
    progress: @escaping @Sendable (ProgressTick) -> Void
  ) {
    path = RunFile.metrics.path(in: folder)
    self.run = run
    self.progress = progress
    earlier =
      if let upToWords {
        MetricsFile.lines(in: path, upToWords: upToWords, run: run)
      } else {
        []
      }
  }

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
