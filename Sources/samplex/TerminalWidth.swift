import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The width of the terminal standard error shows: a live line longer than it wraps, and each
/// redraw then leaves a row behind.
enum TerminalWidth {
  /// Columns of standard error's terminal (TIOCGWINSZ), else `$COLUMNS`, else 80. Asked at every
  /// redraw, so that a resized window is followed.
  static func ofStandardError() -> Int {
    var size = winsize()
    let asked = withUnsafeMutablePointer(to: &size) {
      ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), $0)
    }
    if asked == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return fallback(environment: ProcessInfo.processInfo.environment)
  }

  /// `$COLUMNS` when it is a positive number, else 80.
  static func fallback(environment: [String: String]) -> Int {
    environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 80
  }
}
