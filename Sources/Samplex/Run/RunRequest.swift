import Foundation

/// What a command asks of a run before anything is read: a config file, a run folder to
/// resume, its flags as config assignments and its `--set` overrides. `resolve` turns it into
/// the run's settings the one way `samplex train` and `samplex bench` share: defaults
/// (`ConfigurationSchema.defaults`), then the config file, the flags, then `--set`, later ones
/// winning, checked before any work starts.
public struct RunRequest: Sendable {
  /// What the settings are for: a training run or a bench grid, whose folder, resumes and
  /// evaluation files differ.
  public enum Purpose: Sendable {
    case train
    case bench
  }

  public var purpose: Purpose
  /// A YAML config (`--config`, or the bench's argument).
  public var configFile: String?
  /// A run folder whose run this one continues (`--resume`): its `config.yaml` is read unless
  /// another config is given, and the run writes into it.
  public var resumeFolder: String?
  /// The command's flags, as assignments whose origin names the flag.
  public var flags: [ConfigurationAssignment]
  /// `--set section.key=value` arguments.
  public var overrides: [String]

  public init(
    _ purpose: Purpose, configFile: String? = nil, resumeFolder: String? = nil,
    flags: [ConfigurationAssignment] = [], overrides: [String] = []
  ) {
    self.purpose = purpose
    self.configFile = configFile
    self.resumeFolder = resumeFolder
    self.flags = flags
    self.overrides = overrides
  }

  /// The folder a bench writes when `output.dir` is not set (a training run's is
  /// `RunConfiguration.output`'s default).
  public static let benchFolder = "samplex-bench"

  /// The run's settings, with the place each key was last set (for error messages).
  /// - Throws: `ConfigurationError` for a config that cannot be read or used, a missing file,
  ///   a key that does not apply, a kept key a resume changes.
  public func resolve() throws -> (RunConfiguration, [String: ConfigurationOrigin]) {
    var configuration = RunConfiguration()
    if purpose == .bench { configuration.output = Self.benchFolder }
    var origins: [String: ConfigurationOrigin] = [:]
    // A resumed run reads its own config unless another is given, and writes into its folder.
    let runSettings = try resumeFolder.map {
      try ConfigurationYAML.read(path: RunFile.config.path(in: $0))
    }
    if let settings = try configFile.map(ConfigurationYAML.read(path:)) ?? runSettings {
      configuration.apply(settings, origins: &origins)
    }
    configuration.apply(flags, origins: &origins)
    configuration.apply(
      try overrides.map(ConfigurationAssignment.init(override:)), origins: &origins)
    switch purpose {
    case .train:
      try resolveRun(&configuration, runSettings: runSettings, origins: origins)
    case .bench:
      // A cell would train without them, and its config.yaml say it had them.
      for (key, value) in [
        ("vocabulary.read", configuration.vocabularyFile),
        ("model.init_vectors", configuration.initialVectors),
      ] where value != nil {
        throw ConfigurationError.notForBench(origins[key] ?? .argument(key), key: key)
      }
    }
    try checkFiles(configuration, origins: origins)
    return (configuration, origins)
  }

  /// A training run's own checks: its identity (a new run's id, or the resumed run's own with
  /// its kept settings unchanged) and the keys that must apply to its loss.
  private func resolveRun(
    _ configuration: inout RunConfiguration, runSettings: [ConfigurationAssignment]?,
    origins: [String: ConfigurationOrigin]
  ) throws {
    if let resumeFolder, let runSettings {
      // The run's own settings, which a resume keeps (`ResumeSettings`) whatever else is given.
      var resumed = RunConfiguration()
      var resumedOrigins: [String: ConfigurationOrigin] = [:]
      resumed.apply(runSettings, origins: &resumedOrigins)
      guard !configuration.overwrite else { throw ConfigurationError.overwriteAndResume }
      try ResumeSettings.checkUnchanged(
        from: resumed, to: configuration, path: RunFile.config.path(in: resumeFolder),
        origins: origins)
      configuration.output = resumeFolder
      configuration.runID = resumed.runID
    } else {
      // A new run is a run of its own, even when its settings come from another's config.yaml.
      configuration.runID = RunID.random()
    }
    // After the resume's own check, which names a kept key (loss.type) before this would name
    // a key that only the kept key's change made meaningless.
    try ConfigurationSchema.checkApplicable(configuration, origins: origins)
    try ConfigurationSchema.checkOutputVectors(configuration, origins: origins)
  }

  /// Refuses a file the settings name that does not exist, naming where it was set: the
  /// corpus's files (a folder's or a pattern's are named by `CorpusFiles` when it opens them),
  /// the vocabulary and initial vectors a new run starts from (a resume's vectors come from its
  /// checkpoint: the file it started from may be gone), and the evaluation files a run will use.
  private func checkFiles(
    _ configuration: RunConfiguration, origins: [String: ConfigurationOrigin]
  ) throws {
    guard !configuration.corpus.isEmpty else { throw ConfigurationError.noCorpus }
    // A bench reads its corpus for every cell, which standard input cannot give.
    let reads = purpose == .bench ? configuration.corpus : configuration.corpus.filter { $0 != "-" }
    var files = reads.filter { !CorpusPaths.isPattern($0) }.map { ("corpus.path", $0) }
    if let file = configuration.vocabularyFile { files.append(("vocabulary.read", file)) }
    if resumeFolder == nil, let file = configuration.initialVectors {
      files.append(("model.init_vectors", file))
    }
    if purpose == .bench || configuration.evaluation.afterTraining {
      if let analogies = configuration.evaluation.analogies {
        files.append(("evaluation.analogies", analogies))
      }
      files += configuration.evaluation.similarity.map { ("evaluation.similarity", $0) }
    }
    for (key, path) in files where !FileManager.default.fileExists(atPath: path) {
      throw ConfigurationError.missingFile(origins[key] ?? .argument(key), key: key, path: path)
    }
    if purpose == .train, configuration.evaluation.afterTraining,
      !configuration.evaluation.hasFiles
    {
      throw ConfigurationError.evaluationWithoutFiles
    }
  }
}
