/// A config that cannot be used, found before any work starts; each names the file and line
/// (or the argument), the key, and what to do.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
  case unreadable(path: String, reason: String)
  case syntax(ConfigurationOrigin, problem: String)
  case notAMapping(ConfigurationOrigin, section: String?)
  case unknownSection(ConfigurationOrigin, name: String, suggestion: String?)
  case unknownKey(ConfigurationOrigin, section: String, key: String, suggestion: String?)
  case wrongType(ConfigurationOrigin, key: String, expected: String, found: String)
  case outOfRange(ConfigurationOrigin, key: String, found: String, requirement: String)
  case malformedOverride(argument: String)
  case missingFile(ConfigurationOrigin, key: String, path: String)
  case noCorpus
  /// A resume that sets a key the run keeps (`ResumeSettings`) to another value than the run's
  /// `config` holds.
  case changedOnResume(
    ConfigurationOrigin, key: String, config: String, kept: String, given: String)
  /// A key set for a loss it means nothing to (the candidate count of the hierarchical softmax).
  case doesNotApply(ConfigurationOrigin, key: String, loss: String)
  /// A key of one sampler's (`needs`) set for a run with another.
  case notThisSampler(ConfigurationOrigin, key: String, sampler: String, needs: String)
  /// Output vectors asked of a loss whose output rows are not words (the hierarchical softmax).
  case outputRowsAreNotWords(ConfigurationOrigin, key: String, loss: String)
  /// A key of where a run starts from (`vocabulary.read`, `model.init_vectors`) in a bench's
  /// config, whose cells count their corpus and start from random vectors.
  case notForBench(ConfigurationOrigin, key: String)
  /// `output.overwrite` and `--resume` together: one replaces the folder's run, the other
  /// continues it.
  case overwriteAndResume
  /// `evaluation.after_training` with no analogy or similarity file to evaluate on.
  case evaluationWithoutFiles

  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      return "\(path): cannot read the config (\(reason)); check the config's path."
    case .syntax(let origin, let problem):
      return "\(origin): not valid YAML (\(problem)); fix the file's syntax."
    case .notAMapping(let origin, let section):
      if let section {
        return "\(origin): '\(section)' must be a mapping of keys (\(Self.list(section))), "
          + "one 'key: value' a line."
      }
      return "\(origin): a config must be a mapping of sections ("
        + ConfigurationSchema.sections.joined(separator: ", ") + ")."
    case .unknownSection(let origin, let name, let suggestion):
      return "\(origin): unknown section '\(name)' "
        + (suggestion.map { "(did you mean '\($0)'?)" }
          ?? "(sections: " + ConfigurationSchema.sections.joined(separator: ", ") + ")")
    case .unknownKey(let origin, let section, let key, let suggestion):
      return "\(origin): unknown key '\(key)' in '\(section)' "
        + (suggestion.map { "(did you mean '\($0)'?)" } ?? "(keys: \(Self.list(section)))")
    case .wrongType(let origin, let key, let expected, let found):
      return "\(origin): '\(key)' must be \(expected), not \(found)."
    case .outOfRange(let origin, let key, let found, let requirement):
      return "\(origin): '\(key)' must be \(requirement), not \(found)."
    case .malformedOverride(let argument):
      return "--set \(argument): expected section.key=value, for example --set training.epochs=3."
    case .missingFile(let origin, let key, let path):
      return "\(origin): '\(key)' names \(path), which does not exist; fix the path (relative "
        + "paths start from the working directory)."
    case .changedOnResume(let origin, let key, let config, let kept, let given):
      return "\(origin): '\(key)' is \(kept) in \(config), not \(given), and a resumed run keeps "
        + "the settings it began with; leave it out, or train a new run into another folder "
        + "(--output)."
    case .doesNotApply(let origin, let key, let loss):
      return "\(origin): '\(key)' does not apply to loss \(loss), which draws no candidates; "
        + "leave it out, or pick a sampled loss (negative-sampling, sampled-softmax, nce)."
    case .notThisSampler(let origin, let key, let sampler, let needs):
      return "\(origin): '\(key)' is a setting of the \(needs) sampler, and this run's sampler "
        + "is \(sampler); leave it out, or give --sampler \(needs)."
    case .outputRowsAreNotWords(let origin, let key, let loss):
      return "\(origin): '\(key)' asks for output vectors of words, and the output rows of loss "
        + "\(loss) are its Huffman tree's inner nodes, not words; leave it out, or pick another "
        + "loss."
    case .notForBench(let origin, let key):
      return "\(origin): '\(key)' is not used by samplex bench, whose cells all count the corpus's "
        + "vocabulary and start from word2vec's random vectors; leave it out of the bench's config."
    case .overwriteAndResume:
      return "--overwrite replaces the run a folder holds and --resume continues it; give one of "
        + "them."
    case .evaluationWithoutFiles:
      return
        "--eval needs evaluation files: give --analogies or --similarity (evaluation.analogies, "
        + "evaluation.similarity)."
    case .noCorpus:
      return "no corpus: give one on the command line (samplex train CORPUS) or as corpus.path "
        + "in a --config file."
    }
  }

  private static func list(_ section: String) -> String {
    ConfigurationSchema.names(in: section).joined(separator: ", ")
  }
}
