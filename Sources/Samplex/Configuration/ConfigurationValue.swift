/// A config value after its type is known: what one key of `RunConfiguration` holds.
public enum ConfigurationValue: Sendable, Equatable {
  case integer(Int)
  case number(Double)
  case boolean(Bool)
  case text(String)
  case texts([String])
  /// An unset optional key (`null` or `~`).
  case null

  /// The value as YAML: plain scalars where they read back as the same value, quoted otherwise.
  public var yaml: String {
    switch self {
    case .integer(let value): return String(value)
    case .number(let value): return "\(value)"
    case .boolean(let value): return value ? "true" : "false"
    case .text(let value): return Self.quoted(value)
    case .texts(let values): return "[" + values.map(Self.listItem).joined(separator: ", ") + "]"
    case .null: return "null"
    }
  }

  /// An item of a list: a number bare, as one writes `samples: [5, 64]` (a list's items are
  /// read as words either way); anything else quoted, so that any word reads back.
  static func listItem(_ text: String) -> String {
    let numeral = text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
    return numeral && Double(text) != nil ? text : quoted(text)
  }

  /// A double-quoted YAML string, with `\` and `"` escaped.
  static func quoted(_ text: String) -> String {
    var escaped = "\""
    for character in text.unicodeScalars {
      switch character {
      case "\\": escaped += "\\\\"
      case "\"": escaped += "\\\""
      case "\n": escaped += "\\n"
      case "\t": escaped += "\\t"
      default: escaped.unicodeScalars.append(character)
      }
    }
    return escaped + "\""
  }
}
