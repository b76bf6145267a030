import Foundation
import Yams

/// Reads config YAML into assignments, checking every section, key and type against
/// `ConfigurationSchema` and naming the line of each problem. The only file that imports Yams.
public enum ConfigurationYAML {
  /// The largest config read: the recipes and bench grids are a few KiB, and a generated grid
  /// a thousand times that still fits, while `--config /dev/zero` grew by 1 GB/s before.
  public static let maxBytes = 16 << 20

  /// The assignments of the config file at `path`, in file order.
  /// - Throws: `ConfigurationError` for an unreadable file, bad YAML, an unknown section or
  ///   key, a wrong type or an out-of-range value.
  public static func read(path: String) throws -> [ConfigurationAssignment] {
    let read: [UInt8]?
    do {
      read = try OpenFile(path: path).contents(limit: maxBytes)
    } catch {
      let reason = if case .isDirectory = error { "a folder, not a file" } else { "no such file" }
      throw ConfigurationError.unreadable(path: path, reason: reason)
    }
    guard let bytes = read else {
      throw ConfigurationError.unreadable(
        path: path, reason: "it holds more than \(maxBytes >> 20) MiB, which no config needs")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw ConfigurationError.unreadable(path: path, reason: "not readable UTF-8 text")
    }
    return try parse(text, path: path)
  }

  /// The assignments of config text, errors naming `path`.
  public static func parse(_ text: String, path: String) throws -> [ConfigurationAssignment] {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw syntaxError(error, path: path)
    }
    guard let root else { return [] }  // an empty file sets nothing
    guard let sections = root.mapping else {
      throw ConfigurationError.notAMapping(.file(path, line: root.mark?.line), section: nil)
    }
    var assignments: [ConfigurationAssignment] = []
    for (sectionNode, body) in sections {
      let sectionOrigin = ConfigurationOrigin.file(path, line: sectionNode.mark?.line)
      let section = sectionNode.scalar?.string ?? ""
      guard ConfigurationSchema.sections.contains(section) else {
        throw ConfigurationError.unknownSection(
          sectionOrigin, name: section,
          suggestion: NearestName.closest(to: section, among: ConfigurationSchema.sections))
      }
      if body.scalar.map({ isNull($0) }) == true { continue }  // `output:` with nothing under it
      guard let keys = body.mapping else {
        throw ConfigurationError.notAMapping(sectionOrigin, section: section)
      }
      for (keyNode, valueNode) in keys {
        let origin = ConfigurationOrigin.file(path, line: keyNode.mark?.line)
        let key = try key(section: section, name: keyNode.scalar?.string ?? "", origin: origin)
        let value = try value(of: valueNode, for: key, origin: origin)
        assignments.append(try ConfigurationAssignment(key: key, value: value, origin: origin))
      }
    }
    return assignments
  }

  /// The schema's key `section.name`, or an error with the nearest valid name.
  static func key(section: String, name: String, origin: ConfigurationOrigin) throws
    -> ConfigurationKey
  {
    guard ConfigurationSchema.sections.contains(section) else {
      throw ConfigurationError.unknownSection(
        origin, name: section,
        suggestion: NearestName.closest(to: section, among: ConfigurationSchema.sections))
    }
    guard let key = ConfigurationSchema.key(section: section, name: name) else {
      throw ConfigurationError.unknownKey(
        origin, section: section, key: name,
        suggestion: NearestName.closest(to: name, among: ConfigurationSchema.names(in: section)))
    }
    return key
  }

  /// The value of a `--set` argument, read as a YAML document of its own.
  static func value(ofOverride text: String, for key: ConfigurationKey, origin: ConfigurationOrigin)
    throws -> ConfigurationValue
  {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      // Not YAML on its own (say a path with a colon): take it as the string it is.
      node = Node(text)
    }
    return try value(of: node ?? Node("", Tag(.null)), for: key, origin: origin)
  }

  /// Interprets a YAML node as a value of `key`'s kind.
  static func value(of node: Node, for key: ConfigurationKey, origin: ConfigurationOrigin) throws
    -> ConfigurationValue
  {
    func wrongType() -> ConfigurationError {
      .wrongType(origin, key: key.path, expected: key.expected, found: describe(node))
    }
    if case .texts = key.kind, let sequence = node.sequence {
      var words: [String] = []
      for element in sequence {
        guard let scalar = element.scalar else { throw wrongType() }
        words.append(scalar.string)
      }
      return .texts(words)
    }
    guard let scalar = node.scalar else { throw wrongType() }
    if isNull(scalar) {
      if key.optional { return .null }
      if case .texts = key.kind { return .texts([]) }
      throw wrongType()
    }
    let plain = scalar.style == .plain
    let text = scalar.string
    switch key.kind {
    case .integer:
      guard plain, let number = Int(text) else { throw wrongType() }
      return .integer(number)
    case .number:
      // NaN and the infinities are read as numbers, so that the key's range refuses them in
      // the same sentence a flag's value gets.
      guard plain, let number = Double(text) ?? nonFinite[text.lowercased()] else {
        throw wrongType()
      }
      return .number(number)
    case .boolean:
      guard plain, let flag = ["true": true, "false": false][text.lowercased()] else {
        throw wrongType()
      }
      return .boolean(flag)
    case .text:
      return .text(text)
    case .choice(let words):
      guard words.contains(text) else {
        let hint = NearestName.closest(to: text, among: words).map { " (did you mean '\($0)'?)" }
        throw ConfigurationError.wrongType(
          origin, key: key.path, expected: key.expected,
          found: "'\(text)'" + (hint ?? ""))
      }
      return .text(text)
    case .texts:
      return .texts([text])
    }
  }

  /// YAML's spellings of NaN and the infinities, which `Double.init` does not read.
  private static let nonFinite: [String: Double] = [
    ".nan": .nan, ".inf": .infinity, "+.inf": .infinity, "-.inf": -.infinity,
  ]

  private static func isNull(_ scalar: Node.Scalar) -> Bool {
    scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  private static func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar):
      return scalar.style == .plain ? "'\(scalar.string)'" : "the string \"\(scalar.string)\""
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  private static func syntaxError(_ error: YamlError, path: String) -> ConfigurationError {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\($0.text), " } ?? ""
      return .syntax(.file(path, line: mark.line), problem: detail + problem)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .syntax(
        .file(path, line: context.mark.line),
        problem: "a key is given twice: " + duplicates.joined(separator: ", "))
    default:
      return .syntax(.file(path, line: nil), problem: "\(error)")
    }
  }
}
