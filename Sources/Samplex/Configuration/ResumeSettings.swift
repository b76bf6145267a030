/// The settings a resumed run keeps from the run it continues: those that decide what the
/// checkpoint's tables mean (the vocabulary, the model, the loss, the seed and the held-out
/// set). Any other key may change on a resume: the learning rate (to get past a divergence),
/// the epochs, the threads, what is reported and evaluated, and where.
public enum ResumeSettings {
  /// The keys, as `section.name`.
  public static let keys = [
    "corpus.lowercase", "vocabulary.min_count", "vocabulary.max_size", "vocabulary.subsample",
    "vocabulary.read",
    "model.architecture", "model.dim", "model.window", "loss.type", "loss.sampler", "loss.power",
    "loss.samples", "loss.candidates", "loss.pool", "loss.codewords", "loss.rebuild_every",
    "training.batch_size", "training.seed", "training.heldout", "training.heldout_pairs",
  ]

  /// Kept keys added after checkpoints began to record the digest: hashed only when set, so
  /// that the checkpoints of a run that never set one still resume.
  static let keysHashedWhenSet: Set<String> = ["vocabulary.read"]

  /// The schema's keys of `keys`; a name that is not one traps at first use (tested).
  static let schemaKeys: [ConfigurationKey] = keys.map { path in
    guard let key = ConfigurationSchema.keys.first(where: { $0.path == path }) else {
      preconditionFailure("\(path) is not a config key")
    }
    return key
  }

  /// Refuses `configuration`, the settings of a resume, when it changes a kept key of
  /// `original`, the settings in the run's `config.yaml` at `path`; `origins` say where each
  /// key was last set, for the message.
  /// - Throws: `ConfigurationError.changedOnResume` naming the first key changed.
  public static func checkUnchanged(
    from original: RunConfiguration, to configuration: RunConfiguration, path: String,
    origins: [String: ConfigurationOrigin]
  ) throws(ConfigurationError) {
    for key in schemaKeys where key.get(original) != key.get(configuration) {
      throw ConfigurationError.changedOnResume(
        origins[key.path] ?? .argument(key.path), key: key.path, config: path,
        kept: shown(key.get(original)), given: shown(key.get(configuration)))
    }
  }

  /// A value as a message shows it: a word bare, the rest as YAML writes it.
  private static func shown(_ value: ConfigurationValue) -> String {
    if case .text(let word) = value { word } else { value.yaml }
  }

  /// A 64-bit FNV-1a hash of the kept keys' values as `config.yaml` writes them: what a
  /// checkpoint records, so that a resume under an edited `config.yaml` is refused.
  public static func digest(_ configuration: RunConfiguration) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for key in schemaKeys
    where !(keysHashedWhenSet.contains(key.path) && key.get(configuration) == .null) {
      for byte in (key.path + "=" + key.get(configuration).yaml + "\n").utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      }
    }
    return hash
  }
}
