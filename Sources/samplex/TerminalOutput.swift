import Foundation
import Samplex

/// Lines for the terminal, printed with their control characters escaped (`TerminalText`):
/// they carry words and paths from files and arguments, and one holding an escape sequence,
/// printed raw, could clear or recolour the terminal.
enum TerminalOutput {
  /// Prints `text` on standard output.
  static func line(_ text: String) {
    print(TerminalText.escapedKeepingLines(text))
  }

  /// Writes `text` as a line on standard error.
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.escapedKeepingLines(text) + "\n").utf8))
  }
}
