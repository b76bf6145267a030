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
    case .texts(let values): return "[" + values.map(Self.quoted).joined(separator: ", ") + "]"
    case .null: return "null"
    }
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
