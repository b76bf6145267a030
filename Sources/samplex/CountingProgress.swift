import Foundation
import Samplex

/// Shows on standard error how far the vocabulary's counting pass has read, which on a large
/// corpus takes minutes with nothing else to show: on a terminal a line redrawn four times a
/// second, otherwise (a log) one line when the pass ends.
final class CountingProgress: Sendable {
  let bytesRead = BytesRead()
  private let live: Bool
  private let start = Date()
  private let stop = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)

  /// Starts redrawing when `live`.
  init(live: Bool) {
    self.live = live
    guard live else { return }
    Thread { [self] in
      while stop.wait(timeout: .now() + 0.25) == .timedOut {
        write("\r\u{1B}[2K" + Self.line(bytes: bytesRead.total, seconds: elapsed, done: false))
      }
      done.signal()
    }.start()
  }

  private var elapsed: Double { Date().timeIntervalSince(start) }

  /// Stops redrawing; when the pass `succeeded`, writes its line in place of the live one,
  /// else only clears it, for the error that follows.
  func finish(succeeded: Bool) {
    if live {
      stop.signal()
      done.wait()
    }
    let clear = live ? "\r\u{1B}[2K" : ""
    write(
      succeeded
        ? clear + Self.line(bytes: bytesRead.total, seconds: elapsed, done: true) + "\n" : clear)
  }

  /// "counting the vocabulary: 12.3 MB read" while the pass runs, "counted the vocabulary:
  /// 12.3 MB read in 0.8 s" when it has ended (of text, decompressed for a `.zst`; in kB below
  /// a megabyte, in GB from a gigabyte).
  static func line(bytes: Int, seconds: Double, done: Bool) -> String {
    let (scale, unit) =
      bytes < 1_000_000 ? (1e3, "kB") : bytes < 1_000_000_000 ? (1e6, "MB") : (1e9, "GB")
    let read = String(format: "%.1f %@ read", Double(bytes) / scale, unit)
    return done
      ? "counted the vocabulary: \(read) in " + String(format: "%.1f s", seconds)
      : "counting the vocabulary: \(read)"
  }

  private func write(_ text: String) {
    FileHandle.standardError.write(text.data(using: .utf8)!)
  }
}
