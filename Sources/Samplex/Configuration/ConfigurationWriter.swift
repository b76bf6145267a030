/// Writes a resolved configuration as YAML in the sections `samplex train --config` reads, so
/// that `samplex train --output NEW_FOLDER --config RUN/config.yaml` repeats the run (into
/// another folder: RUN holds the run itself).
public enum ConfigurationWriter {
  /// The YAML text: a comment, then every section of `sections` (a training run's, unless
  /// told otherwise) with every key that applies to the loss, defaults included; with
  /// `everyKey`, the keys that do not apply too (a bench's base config, whose cells train other
  /// losses); with a `provenance`, a comment naming the build, machine and date that wrote it.
  public static func yaml(
    _ configuration: RunConfiguration,
    sections: [String] = ConfigurationSchema.trainingSections,
    command: String = "samplex train --output NEW_FOLDER --config", everyKey: Bool = false,
    provenance: Provenance? = nil
  ) -> String {
    var text = "# The resolved settings of a samplex run; repeat it with\n"
    text += "#   \(command) THIS_FILE\n"
    if let provenance { text += "# Written by \(provenance.summary).\n" }
    for section in sections {
      text += "\(section):\n"
      for key in ConfigurationSchema.keys
      where key.section == section && (everyKey || key.applies(configuration)) {
        let value = key.get(configuration)
        // A choice is a bare word; other strings are quoted so that any path reads back.
        let written =
          if case .choice = key.kind, case .text(let word) = value { word } else { value.yaml }
        text += "  \(key.name): \(written)\n"
      }
    }
    return text
  }

  /// Writes `yaml(configuration, sections:, command:, everyKey:, provenance:)` to `path`,
  /// atomically.
  public static func write(
    _ configuration: RunConfiguration, to path: String,
    sections: [String] = ConfigurationSchema.trainingSections,
    command: String = "samplex train --output NEW_FOLDER --config", everyKey: Bool = false,
    provenance: Provenance? = nil
  ) throws {
    try AtomicFile.write(to: path) {
      try $0.write(
        yaml(
          configuration, sections: sections, command: command, everyKey: everyKey,
          provenance: provenance))
    }
  }
}
