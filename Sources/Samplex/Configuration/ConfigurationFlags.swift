/// The `samplex train` flag of each config key that has one: the one table from flags to keys,
/// so that a flag sets its key through the same path as a config file and `--set`. A flag the
/// table does not hold is an error when given (`key(flag:)`), never a silent no-op, and
/// `FlagSchemaTests` checks every flag here against `samplex train --help` and the key it sets.
public enum ConfigurationFlags {
  /// (flag, `section.key`), in the order `samplex train --help` lists the flags. The corpus is
  /// the command's argument, and `output.run_id` is drawn by the run, so neither has a flag.
  public static let keys: [(flag: String, path: String)] = [
    ("--output", "output.dir"),
    ("--overwrite", "output.overwrite"),
    ("--checkpoints", "output.checkpoints"),
    ("--checkpoint-minutes", "output.checkpoint_minutes"),
    ("--keep-checkpoints", "output.keep_checkpoints"),
    ("--formats", "output.formats"),
    ("--save-output-vectors", "output.save_output_vectors"),
    ("--neighbors", "output.neighbors"),
    ("--model", "model.architecture"),
    ("--dim", "model.dim"),
    ("--window", "model.window"),
    ("--init-vectors", "model.init_vectors"),
    ("--loss", "loss.type"),
    ("--sampler", "loss.sampler"),
    ("--power", "loss.power"),
    ("--samples", "loss.samples"),
    ("--candidates", "loss.candidates"),
    ("--pool", "loss.pool"),
    ("--codewords", "loss.codewords"),
    ("--rebuild-every", "loss.rebuild_every"),
    ("--batch-size", "training.batch_size"),
    ("--min-count", "vocabulary.min_count"),
    ("--max-size", "vocabulary.max_size"),
    ("--max-distinct", "vocabulary.max_distinct"),
    ("--overflow", "vocabulary.overflow"),
    ("--read-vocab", "vocabulary.read"),
    ("--subsample", "vocabulary.subsample"),
    ("--epochs", "training.epochs"),
    ("--budget-seconds", "training.budget_seconds"),
    ("--sync-seconds", "training.sync_seconds"),
    ("--sync-words", "training.sync_words"),
    ("--lr", "training.lr"),
    ("--min-lr", "training.min_lr"),
    ("--threads", "training.threads"),
    ("--seed", "training.seed"),
    ("--pace-threads", "training.pace_threads"),
    ("--lowercase", "corpus.lowercase"),
    ("--spool", "corpus.spool"),
    ("--heldout", "training.heldout"),
    ("--heldout-pairs", "training.heldout_pairs"),
    ("--progress-interval", "training.progress_interval"),
    ("--eval", "evaluation.after_training"),
    ("--analogies", "evaluation.analogies"),
    ("--similarity", "evaluation.similarity"),
    ("--restrict-vocab", "evaluation.restrict_vocab"),
  ]

  /// The key `flag` sets.
  /// - Throws: `ConfigurationFlagError.unknownFlag` when no key has that flag (a command that
  ///   passes a flag this table lacks fails on its first use, rather than ignoring it).
  public static func key(flag: String) throws -> ConfigurationKey {
    guard let path = keys.first(where: { $0.flag == flag })?.path,
      let key = ConfigurationSchema.key(path: path)
    else { throw ConfigurationFlagError.unknownFlag(flag) }
    return key
  }

  /// The flag that sets the key `path`, if one does.
  public static func flag(of path: String) -> String? {
    keys.first { $0.path == path }?.flag
  }

  /// `section.key; default VALUE` for a flag's help: the key a config file sets and its default,
  /// read from `ConfigurationSchema.defaults`, so that help text never states a default of its
  /// own. A key whose default is derived from other settings or the machine (the learning rate,
  /// the threads) is described by `note` instead.
  public static func help(_ path: String, note: String? = nil) -> String {
    guard let key = ConfigurationSchema.key(path: path) else { return path }
    if let note { return "\(path); " + (key.kind == .boolean ? note : "default \(note)") }
    switch key.get(ConfigurationSchema.defaults) {
    case .null, .texts([]): return path
    case .text(let word): return "\(path); default \(word)"
    case .boolean(let on): return "\(path); " + (on ? "on by default" : "off by default")
    case .number(let number) where number == number.rounded() && abs(number) < 1e15:
      return "\(path); default \(Int(number))"
    case let value: return "\(path); default \(value.yaml)"
    }
  }
}

/// A flag that no config key has: a command's own table and `ConfigurationFlags` disagree.
public enum ConfigurationFlagError: Error, CustomStringConvertible, Equatable, Sendable {
  case unknownFlag(String)

  public var description: String {
    switch self {
    case .unknownFlag(let flag):
      return "\(flag): no config key has this flag (ConfigurationFlags lacks it); this is a "
        + "samplex defect, please report it with the command line."
    }
  }
}
