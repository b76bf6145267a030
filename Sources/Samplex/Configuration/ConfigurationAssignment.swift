/// One key set to one value, with where it was set: the unit that config files, `--set` and
/// command-line flags all produce, applied in that order.
public struct ConfigurationAssignment: Sendable {
  public let key: ConfigurationKey
  public let value: ConfigurationValue
  public let origin: ConfigurationOrigin

  /// Checks `value` against the key's range.
  /// - Throws: `ConfigurationError.outOfRange` naming the origin and the key, `.wrongType` for
  ///   `null` given to a key that must have a value.
  public init(key: ConfigurationKey, value: ConfigurationValue, origin: ConfigurationOrigin) throws
  {
    // A key that must have a value is never left unset (the YAML reader refuses `null` for it
    // too), so that its setter never falls back to a default the caller did not ask for.
    if value == .null, !key.optional {
      throw ConfigurationError.wrongType(
        origin, key: key.path, expected: key.expected, found: "null")
    }
    if let requirement = key.rangeProblem(value) {
      throw ConfigurationError.outOfRange(
        origin, key: key.path, found: value.yaml, requirement: requirement)
    }
    self.key = key
    self.value = value
    self.origin = origin
  }

  /// Parses a `--set section.key=value` argument; the value is read as YAML, so lists
  /// (`[a, b]`) and quoting work as in a file.
  public init(override argument: String) throws {
    guard let equals = argument.firstIndex(of: "="),
      let dot = argument[..<equals].firstIndex(of: ".")
    else { throw ConfigurationError.malformedOverride(argument: argument) }
    let section = String(argument[..<dot])
    let name = String(argument[argument.index(after: dot)..<equals])
    let origin = ConfigurationOrigin.argument("--set \(argument)")
    let key = try ConfigurationYAML.key(section: section, name: name, origin: origin)
    let value = try ConfigurationYAML.value(
      ofOverride: String(argument[argument.index(after: equals)...]), for: key, origin: origin)
    try self.init(key: key, value: value, origin: origin)
  }
}

extension RunConfiguration {
  /// Applies assignments in order (later ones win) and remembers where each key was last set.
  public mutating func apply(
    _ assignments: [ConfigurationAssignment],
    origins: inout [String: ConfigurationOrigin]
  ) {
    for assignment in assignments {
      assignment.key.set(&self, assignment.value)
      origins[assignment.key.path] = assignment.origin
    }
  }
}
