import Foundation
import TestSupport
import Testing

@testable import Samplex

private func resolve(_ yaml: String, path: String = "x.yaml") throws -> RunConfiguration {
  var configuration = RunConfiguration()
  var origins: [String: ConfigurationOrigin] = [:]
  configuration.apply(try ConfigurationYAML.parse(yaml, path: path), origins: &origins)
  return configuration
}

@Suite struct ConfigurationTests {
  @Test func everyKeyOfAFileSetsItsOption() throws {
    let configuration = try resolve(
      """
      corpus:
        path: some/corpus.txt
        lowercase: true
      vocabulary: {min_count: 3, max_size: 1000, subsample: 1e-4, read: v.txt}
      model:
        architecture: cbow
        dim: 50
        window: 8
        init_vectors: start.bin
      loss:
        type: nce
        sampler: log-uniform
        power: 1.0
        samples: 64
        candidates: batch
      training:
        batch_size: 64
        epochs: 2
        lr: 0.01
        min_lr: 0.0001
        threads: 3
        seed: 9
        heldout: 0.01
        heldout_pairs: 10
        progress_interval: 0.5
      output:
        dir: out
        neighbors: [a, b]
        formats: txt
        save_output_vectors: true
      evaluation:
        analogies: q.txt
        similarity: s.tsv
        restrict_vocab: 100
        after_training: true
      """)
    var expected = RunConfiguration()
    expected.corpus = ["some/corpus.txt"]
    expected.training.lowercase = true
    expected.training.minCount = 3
    expected.training.maxVocabularySize = 1000
    expected.training.subsample = 1e-4
    expected.vocabularyFile = "v.txt"
    expected.initialVectors = "start.bin"
    expected.training.architecture = .cbow
    expected.training.dimensions = 50
    expected.training.window = 8
    expected.training.loss = .nce
    expected.training.sampler = .logUniform
    expected.training.power = 1
    expected.training.samples = 64
    expected.training.candidateSharing = .perBatch
    expected.training.batchSize = 64
    expected.training.epochs = 2
    expected.training.learningRate = 0.01
    expected.training.minLearningRate = 0.0001
    expected.training.workers = 3
    expected.training.seed = 9
    expected.training.heldOutShare = 0.01
    expected.training.heldOutPairs = 10
    expected.training.progressInterval = 0.5
    expected.output = "out"
    expected.neighbors = ["a", "b"]
    expected.vectorFormats = .text
    expected.savesOutputVectors = true
    expected.evaluation.analogies = "q.txt"
    expected.evaluation.similarity = ["s.tsv"]
    expected.evaluation.restrictVocabulary = 100
    expected.evaluation.afterTraining = true
    #expect(configuration == expected)
  }

  @Test func theWrittenConfigReadsBackToTheSameSettings() throws {
    var configuration = RunConfiguration()
    configuration.corpus = ["a \"quoted\" path: with colon.txt", "b/*.txt"]
    configuration.training.architecture = .cbow
    configuration.training.learningRate = 0.05
    configuration.training.minLearningRate = 0.05 * 1e-4
    // Written as the value in force, which reads back as set.
    configuration.training.candidateSharing = .perWindow
    configuration.training.subsample = 1e-5
    configuration.training.maxVocabularySize = 77
    configuration.neighbors = ["x", "y z"]
    configuration.evaluation.similarity = ["a.tsv", "b.txt"]
    configuration.bench.samples = ["5", "64"]
    configuration.training.timeBudget = 30
    configuration.vocabularyFile = "runs/a/vocab.txt"
    configuration.initialVectors = "runs/a/vectors.bin"
    configuration.vectorFormats = .binary
    configuration.savesOutputVectors = true
    let text = ConfigurationWriter.yaml(configuration, sections: ConfigurationSchema.sections)
    #expect(try resolve(text) == configuration)
    // Every key of the schema is written, so nothing falls back to a default on a rerun; a
    // sampler's own keys with that sampler, and only then.
    #expect(
      ConfigurationSchema.keys.allSatisfy { $0.sampler != nil || text.contains("  \($0.name): ") })
    for sampler in [TrainingOptions.SamplerKind.midx, .resample] {
      var chosen = configuration
      chosen.training.sampler = sampler
      chosen.training.candidateSharing = .perBatch
      // Written as the value in force, which reads back as set.
      if sampler == .resample { chosen.training.pool = 48 }
      let written = ConfigurationWriter.yaml(chosen, sections: ConfigurationSchema.sections)
      #expect(try resolve(written) == chosen)
      for key in ConfigurationSchema.keys where key.sampler != nil {
        #expect(written.contains("  \(key.name): ") == (key.sampler == sampler), "\(key.path)")
      }
    }
    // A training run's config leaves the bench's section out.
    let training = ConfigurationWriter.yaml(configuration)
    #expect(!training.contains("bench:") && training.contains("evaluation:"))
  }

  /// Held-out pairs not set are written `null` and read back not set, so that a resume decides
  /// them as the run did (`HeldOutCost`); a number set is written and read back as set.
  @Test func heldOutPairsNotSetStayUnsetThroughConfigYAML() throws {
    var configuration = RunConfiguration()
    let unset = ConfigurationWriter.yaml(configuration)
    #expect(unset.contains("  heldout_pairs: null\n"))
    #expect(try resolve(unset).training.heldOutPairsSetting == nil)
    configuration.training.heldOutPairs = TrainingOptions.defaultHeldOutPairs
    let set = ConfigurationWriter.yaml(configuration)
    #expect(set.contains("  heldout_pairs: 2000\n"))
    #expect(try resolve(set).training.heldOutPairsSetting == 2000)
    #expect(ResumeSettings.digest(try resolve(unset)) != ResumeSettings.digest(try resolve(set)))
  }

  /// A resample pool not set is written `null` and read back not set, so that a bench's
  /// config repeats its cells: each takes four draws per candidate of its own S, where the
  /// base loss's pool written as a number would be every cell's (and too small for S = 64).
  @Test func aPoolNotSetStaysUnsetThroughConfigYAML() throws {
    let unset = try resolve("loss:\n  sampler: resample\n  samples: 5\n")
    #expect(unset.training.pool == 20)
    let written = ConfigurationWriter.yaml(unset)
    #expect(written.contains("  pool: null\n"))
    var cell = try resolve(written)
    #expect(cell.training.poolSetting == nil)
    cell.training.samples = 64
    #expect(cell.training.pool == 256)
    let set = try resolve("loss:\n  sampler: resample\n  samples: 5\n  pool: 30\n")
    #expect(ConfigurationWriter.yaml(set).contains("  pool: 30\n"))
    #expect(try resolve(ConfigurationWriter.yaml(set)).training.poolSetting == 30)
  }

  /// The synchronization schedule goes through config.yaml as set: 2 s when nothing is set; by
  /// words alone when only sync_words is; both when both are.
  @Test func theSyncScheduleGoesThroughConfigYAMLAsItRuns() throws {
    let unset = try resolve("training:\n  epochs: 1\n")
    #expect(unset.training.syncSecondsInEffect == 2)
    let unsetText = ConfigurationWriter.yaml(unset)
    #expect(unsetText.contains("  sync_seconds: null\n  sync_words: null\n"), "\(unsetText)")
    #expect(try resolve(unsetText).training.syncSecondsInEffect == 2)
    let words = try resolve("training:\n  sync_words: 5000000\n")
    #expect(words.training.syncSecondsInEffect == nil)
    let wordsText = ConfigurationWriter.yaml(words)
    #expect(wordsText.contains("  sync_seconds: null\n  sync_words: 5000000\n"), "\(wordsText)")
    let wordsBack = try resolve(wordsText).training
    #expect(wordsBack.syncSecondsInEffect == nil && wordsBack.syncWords == 5_000_000)
    let both = try resolve("training:\n  sync_seconds: 0.5\n  sync_words: 5000000\n")
    let bothBack = try resolve(ConfigurationWriter.yaml(both)).training
    #expect(bothBack.syncSecondsInEffect == 0.5 && bothBack.syncWords == 5_000_000)
  }

  /// A bench's lists of numbers are written as numbers, as its author wrote them, not as
  /// quoted strings (`samples: ["5"]`); its words stay quoted.
  @Test func aBenchsListsOfNumbersAreWrittenBare() throws {
    var configuration = RunConfiguration()
    configuration.bench.samples = ["5", "64"]
    configuration.bench.seeds = ["1", "2"]
    configuration.bench.samplers = ["uniform", "unigram^0.75", "1e"]
    let text = ConfigurationWriter.yaml(configuration, sections: ConfigurationSchema.sections)
    #expect(text.contains("  samples: [5, 64]\n"), "\(text)")
    #expect(text.contains("  seeds: [1, 2]\n"), "\(text)")
    #expect(text.contains("  samplers: [\"uniform\", \"unigram^0.75\", \"1e\"]\n"), "\(text)")
    let readBack = try resolve(text).bench
    #expect(readBack.samples == ["5", "64"] && readBack.seeds == ["1", "2"])
    #expect(readBack.samplers == configuration.bench.samplers)
  }

  /// A run of a loss that draws no candidates leaves the candidate keys out of its config; a
  /// bench's base config (`everyKey`) keeps them for its sampled cells, and reads back whole.
  @Test func keysThatDoNotApplyAreLeftOutUnlessEveryKeyIsAsked() throws {
    var configuration = RunConfiguration()
    configuration.training.loss = .hierarchicalSoftmax
    configuration.training.samples = 64
    configuration.training.batchSize = 512
    let run = ConfigurationWriter.yaml(configuration)
    #expect(!run.contains("  samples: ") && !run.contains("  batch_size: "))
    #expect(run.contains("  type: hierarchical-softmax\n"))
    let base = ConfigurationWriter.yaml(
      configuration, sections: ConfigurationSchema.sections, everyKey: true)
    #expect(base.contains("  samples: 64\n") && base.contains("  batch_size: 512\n"))
    let readBack = try resolve(base)
    #expect(
      ConfigurationWriter.yaml(readBack, sections: ConfigurationSchema.sections, everyKey: true)
        == base)
  }

  @Test func aMisspeltKeyNamesTheFileTheLineAndTheNearestKey() {
    let text = "corpus:\n  path: c.txt\nvocabulary:\n  min_cout: 3\n"
    #expect(
      errorMessage { _ = try resolve(text, path: "configs/x.yaml") }
        == "configs/x.yaml:4: unknown key 'min_cout' in 'vocabulary' (did you mean 'min_count'?)")
  }

  @Test(arguments: [
    ("modle:\n  dim: 5\n", "x.yaml:1: unknown section 'modle' (did you mean 'model'?)"),
    (
      "model:\n  zzz: 5\n",
      "x.yaml:2: unknown key 'zzz' in 'model' (keys: architecture, dim, window, init_vectors)"
    ),
    ("model:\n  dim: five\n", "x.yaml:2: 'model.dim' must be an integer, not 'five'."),
    ("model:\n  dim: \"5\"\n", "x.yaml:2: 'model.dim' must be an integer, not the string \"5\"."),
    ("model:\n  dim: 2.5\n", "x.yaml:2: 'model.dim' must be an integer, not '2.5'."),
    ("model:\n  dim: 0\n", "x.yaml:2: 'model.dim' must be from 1 to 100000, not 0."),
    ("training:\n  lr: -1\n", "x.yaml:2: 'training.lr' must be above 0.0, not -1.0."),
    (
      "training:\n  heldout: 1.5\n",
      "x.yaml:2: 'training.heldout' must be at least 0.0 and at most 0.5, not 1.5."
    ),
    (
      "training:\n  lr: .nan\n",
      "x.yaml:2: 'training.lr' must be a finite number above 0.0, not nan."
    ),
    (
      "corpus:\n  lowercase: maybe\n",
      "x.yaml:2: 'corpus.lowercase' must be true or false, not 'maybe'."
    ),
    (
      "loss:\n  type: nec\n",
      "x.yaml:2: 'loss.type' must be one of negative-sampling, sampled-softmax, nce, full-softmax, hierarchical-softmax, not 'nec' (did you mean 'nce'?)."
    ),
    (
      "output:\n  formats: text\n",
      "x.yaml:2: 'output.formats' must be one of bin, txt, both, not 'text' (did you mean 'txt'?)."
    ),
    (
      "output:\n  neighbors: {a: 1}\n",
      "x.yaml:2: 'output.neighbors' must be a list of words, not a mapping."
    ),
    (
      "model: 5\n",
      "x.yaml:1: 'model' must be a mapping of keys (architecture, dim, window, init_vectors), one 'key: value' a line."
    ),
    (
      "- a\n- b\n",
      "x.yaml:1: a config must be a mapping of sections (corpus, vocabulary, model, loss, training, output, evaluation, bench)."
    ),
  ])
  func badValuesAreOneSentenceNamingTheLine(text: String, expected: String) {
    #expect(errorMessage { _ = try resolve(text) } == expected)
  }

  @Test func yamlSyntaxErrorsNameTheLine() throws {
    let text = "model:\n  dim: 5\n  window: [1, 2\n"
    let error = try #require(errorMessage { _ = try resolve(text) })
    #expect(error.hasPrefix("x.yaml:4: not valid YAML ("), "\(error)")
    let duplicate = try #require(errorMessage { _ = try resolve("model:\n  dim: 5\n  dim: 6\n") })
    #expect(duplicate.contains("a key is given twice: dim"), "\(duplicate)")
  }

  @Test func anEmptyFileAndAnEmptySectionChangeNothing() throws {
    #expect(try resolve("") == RunConfiguration())
    #expect(try resolve("output:\n") == RunConfiguration())
    #expect(try resolve("vocabulary:\n  max_size: null\n") == RunConfiguration())
  }

  @Test func overridesReadTheirValueAsYAML() throws {
    var configuration = RunConfiguration()
    var origins: [String: ConfigurationOrigin] = [:]
    configuration.apply(
      try [
        "loss.samples=64", "output.neighbors=[god, king]", "corpus.path=C:/a b.txt",
        "vocabulary.max_size=null",
      ].map(ConfigurationAssignment.init(override:)), origins: &origins)
    #expect(configuration.training.samples == 64)
    #expect(configuration.neighbors == ["god", "king"])
    #expect(configuration.corpus == ["C:/a b.txt"])
    #expect(configuration.training.maxVocabularySize == nil)
    #expect(origins["loss.samples"]?.description == "--set loss.samples=64")
    #expect(
      errorMessage { _ = try ConfigurationAssignment(override: "loss.samples") }
        == "--set loss.samples: expected section.key=value, for example --set training.epochs=3.")
    #expect(
      errorMessage { _ = try ConfigurationAssignment(override: "training.epoch=3") }
        == "--set training.epoch=3: unknown key 'epoch' in 'training' (did you mean 'epochs'?)")
    #expect(
      errorMessage { _ = try ConfigurationAssignment(override: "training.epochs=0") }
        == "--set training.epochs=0: 'training.epochs' must be at least 1, not 0.")
  }

  @Test func laterAssignmentsWin() throws {
    var configuration = RunConfiguration()
    var origins: [String: ConfigurationOrigin] = [:]
    configuration.apply(
      try ConfigurationYAML.parse("model:\n  dim: 10\n", path: "f.yaml"), origins: &origins)
    configuration.apply([try ConfigurationAssignment(override: "model.dim=20")], origins: &origins)
    #expect(configuration.training.dimensions == 20)
    #expect(origins["model.dim"]?.description == "--set model.dim=20")
  }

  @Test func nearestNamesAreTyposOnly() {
    #expect(NearestName.closest(to: "min_cout", among: ["min_count", "max_size"]) == "min_count")
    #expect(NearestName.closest(to: "mni_count", among: ["min_count"]) == "min_count")
    #expect(NearestName.closest(to: "banana", among: ["min_count", "max_size"]) == nil)
  }

  @Test func everyRecipeInConfigsIsValid() throws {
    let folder = Fixtures.root.appendingPathComponent("configs").path
    let recipes = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".yaml") }
    #expect(recipes.count >= 6)
    for recipe in recipes {
      let path = folder + "/" + recipe
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(text.hasPrefix("# "), "\(recipe) says what it is for in a comment")
      let configuration = try resolve(text, path: path)
      // Bundled files exist in every clone; ../shared only beside this one; a corpus under
      // runs/ is made by the command the recipe's comment gives.
      let files =
        configuration.corpus + configuration.evaluation.similarity
        + [configuration.evaluation.analogies].compactMap { $0 }
      for file in files where file.hasPrefix("runs/") {
        #expect(text.contains("samplex synth ") && text.contains(file), "\(recipe): \(file)")
      }
      for file in files where !file.hasPrefix("../") && !file.hasPrefix("runs/") {
        #expect(
          FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent(file).path),
          "\(recipe): \(file)")
      }
    }
  }

  /// A key that must have a value refuses `null`, here as in a file, rather than falling back
  /// to its default; an optional key takes it.
  @Test func nullIsRefusedForAKeyThatMustHaveAValue() throws {
    let dim = try #require(ConfigurationSchema.key(path: "model.dim"))
    #expect {
      _ = try ConfigurationAssignment(key: dim, value: .null, origin: .argument("test"))
    } throws: { error in
      "\(error)" == "test: 'model.dim' must be an integer, not null."
    }
    let maxSize = try #require(ConfigurationSchema.key(path: "vocabulary.max_size"))
    _ = try ConfigurationAssignment(key: maxSize, value: .null, origin: .argument("test"))
  }
}
