/// Where a config value came from, as error messages name it: `configs/x.yaml:12`,
/// `--set training.lr=abc` or `--dim`.
public struct ConfigurationOrigin: Sendable, Equatable, CustomStringConvertible {
  public let description: String
  /// Whether the value came from a config file rather than the command line.
  public let isFile: Bool

  /// A line of a config file (the file alone when the line is unknown).
  public static func file(_ path: String, line: Int?) -> ConfigurationOrigin {
    ConfigurationOrigin(description: line.map { "\(path):\($0)" } ?? path, isFile: true)
  }

  /// A command-line argument.
  public static func argument(_ text: String) -> ConfigurationOrigin {
    ConfigurationOrigin(description: text, isFile: false)
  }
}
