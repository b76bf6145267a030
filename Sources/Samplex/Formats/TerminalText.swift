/// Text from a file or the command line (a word, a path) made safe to print on a terminal: its
/// control characters (an escape sequence's ESC or CSI, a carriage return that would overwrite
/// the line, a NUL) are shown as Swift writes them (`\u{1B}`, `\r`, `\0`). Printed raw, a word
/// holding `ESC [ 2 J` cleared the terminal and one holding `ESC [ 31 m` recoloured all that
/// followed.
package enum TerminalText {
  /// `text` with every control character escaped, line breaks and tabs included: for a word or
  /// path inside a line.
  package static func escaped(_ text: String) -> String {
    escaped(text, keeping: [])
  }

  /// `text` with every control character escaped except line breaks and tabs: for a whole
  /// message or line, whose own breaks stay.
  package static func escapedKeepingLines(_ text: String) -> String {
    escaped(text, keeping: ["\n", "\t"])
  }

  private static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar>) -> String {
    // Most text holds no control character: it is returned as it is.
    guard text.unicodeScalars.contains(where: { isEscaped($0, kept) }) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      result += isEscaped(scalar, kept) ? scalar.escaped(asASCII: true) : String(scalar)
    }
    return result
  }

  private static func isEscaped(_ scalar: Unicode.Scalar, _ kept: Set<Unicode.Scalar>) -> Bool {
    scalar.properties.generalCategory == .control && !kept.contains(scalar)
  }
}
