/// One key of the config: where it lives, what values it takes, and how it reads and writes
/// its field of `RunConfiguration`.
public struct ConfigurationKey: Sendable {
  /// The values a key accepts.
  public enum Kind: Sendable, Equatable {
    /// An integer in `minimum...maximum` (no upper bound when `maximum` is nil).
    case integer(minimum: Int, maximum: Int?)
    /// A finite number at least `minimum` (above it when `exclusive`), at most `maximum` if set.
    case number(minimum: Double, exclusive: Bool, maximum: Double?)
    case boolean
    case text
    /// One of a fixed set of words.
    case choice([String])
    /// A list of words (a single word is a list of one).
    case texts
  }

  public let section: String
  public let name: String
  public let kind: Kind
  /// Whether `null` is allowed (the key then falls back to a derived default).
  public let optional: Bool
  let get: @Sendable (RunConfiguration) -> ConfigurationValue
  let set: @Sendable (inout RunConfiguration, ConfigurationValue) -> Void
  /// Whether the key means anything under a configuration's other settings (the candidate keys
  /// mean nothing to a loss that draws none): a key that does not is left out of a run's
  /// `config.yaml` (a bench's base config keeps it, for its other cells), and setting it by flag
  /// or `--set` is an error (`ConfigurationSchema.checkApplicable`).
  var applies: @Sendable (RunConfiguration) -> Bool = { _ in true }
  /// The one sampler whose setting the key is (`loss.pool`, `loss.codewords`), if any: what
  /// `checkApplicable` names when a loss that draws candidates has another sampler.
  var sampler: TrainingOptions.SamplerKind? = nil

  /// `section.name`, as `--set` and error messages spell it.
  public var path: String { section + "." + name }

  /// What the key takes, in words, for error messages.
  var expected: String {
    switch kind {
    case .integer: return optional ? "an integer or null" : "an integer"
    case .number: return optional ? "a number or null" : "a number"
    case .boolean: return "true or false"
    case .text: return optional ? "a string or null" : "a string"
    case .choice(let words): return "one of " + words.joined(separator: ", ")
    case .texts: return "a list of words"
    }
  }

  /// The reason `value` is out of this key's range, or nil when it is in range.
  func rangeProblem(_ value: ConfigurationValue) -> String? {
    switch (kind, value) {
    case (.integer(let minimum, let maximum), .integer(let number)):
      if number < minimum || number > (maximum ?? .max) {
        return maximum.map { "from \(minimum) to \($0)" } ?? "at least \(minimum)"
      }
    case (.number(let minimum, let exclusive, let maximum), .number(let number)):
      let bound = exclusive ? "above \(minimum)" : "at least \(minimum)"
      let range = maximum.map { bound + " and at most \($0)" } ?? bound
      // NaN fails no comparison, so it is refused by name, with infinities, before the bounds.
      guard number.isFinite else { return "a finite number " + range }
      let low = exclusive ? number <= minimum : number < minimum
      if low || number > (maximum ?? .infinity) { return range }
    default: break
    }
    return nil
  }
}
