import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// Options that cannot work are refused before any work, in one sentence naming where they
/// were set, and before the run folder exists.
@Suite struct OptionValidationTests {
  private let corpus = Fixtures.data("tiny/kjv-head.txt")

  private func resolve(_ arguments: [String]) throws {
    let command = try SamplexCommand.parseAsRoot(["train", corpus] + arguments)
    _ = try #require(command as? TrainCommand).resolve()
  }

  /// NaN fails every comparison, so a range check written as comparisons let it through:
  /// `--checkpoint-minutes nan` then trapped converting minutes to a timer interval.
  @Test(arguments: [
    ("--lr", "nan", "'training.lr' must be a finite number above 0.0, not nan."),
    ("--min-lr", "nan", "'training.min_lr' must be a finite number at least 0.0, not nan."),
    ("--subsample", "nan", "'vocabulary.subsample' must be a finite number at least 0.0, not nan."),
    (
      "--power", "nan",
      "'loss.power' must be a finite number at least 0.0 and at most 10.0, not nan."
    ),
    (
      "--heldout", "nan",
      "'training.heldout' must be a finite number at least 0.0 and at most 0.5, not nan."
    ),
    (
      "--budget-seconds", "nan",
      "'training.budget_seconds' must be a finite number above 0.0, not nan."
    ),
    (
      "--checkpoint-minutes", "nan",
      "'output.checkpoint_minutes' must be a finite number above 0.0, not nan."
    ),
    ("--lr", "inf", "'training.lr' must be a finite number above 0.0, not inf."),
  ])
  func aNonFiniteNumberIsRefusedBeforeTheFolderExists(
    flag: String, value: String, sentence: String
  ) throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let refused = try SamplexProcess.run(["train", corpus, "--output", folder, flag, value])
    #expect(refused.status != 0)
    #expect(refused.errors == "Error: \(flag): \(sentence)\n")
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  /// A config file, a flag and `--set` give the same sentence, each naming where it was set.
  @Test func aNonFiniteNumberGetsOneSentenceWhereverItIsSet() throws {
    let config = try Fixtures.file(
      named: "c.yaml", bytes: Array("output:\n  checkpoint_minutes: .nan\n".utf8))
    let requirement = "'output.checkpoint_minutes' must be a finite number above 0.0, not nan."
    let cases: [([String], String)] = [
      (["--config", config], "\(config):2: " + requirement),
      (["--checkpoint-minutes", "nan"], "--checkpoint-minutes: " + requirement),
      (
        ["--set", "output.checkpoint_minutes=nan"],
        "--set output.checkpoint_minutes=nan: " + requirement
      ),
    ]
    for (arguments, sentence) in cases {
      var message: String?
      do { try resolve(arguments) } catch { message = "\(error)" }
      #expect(message == sentence)
    }
  }

  /// The config key's range and the trainer's check agree: a share the key takes, the trainer
  /// takes, so that no run passes the first and fails the second after the vocabulary pass.
  @Test(arguments: [0.0, 0.002, 0.5, 0.7, 1.0])
  func theHeldOutShareIsCheckedAlikeEarlyAndLate(share: Double) throws {
    let key = try #require(ConfigurationSchema.key(section: "training", name: "heldout"))
    let keyTakes =
      (try? ConfigurationAssignment(key: key, value: .number(share), origin: .argument("--heldout")))
      != nil
    var options = TrainingOptions()
    options.heldOutShare = share
    let trainerTakes = (try? TrainerFactory.check(options)) != nil
    #expect(keyTakes == trainerTakes)
    #expect(keyTakes == (share <= 0.5))
  }

  /// The trainer's own check refuses non-finite options a library caller sets directly.
  @Test func theTrainerRefusesNonFiniteOptions() {
    let settings: [(String, (inout TrainingOptions) -> Void)] = [
      ("lr", { $0.learningRate = .nan }),
      ("lr", { $0.learningRate = .infinity }),
      ("min_lr", { $0.minLearningRate = .nan }),
      ("subsample", { $0.subsample = .nan }),
      ("power", { $0.power = .nan }),
      ("heldout", { $0.heldOutShare = .nan }),
      ("budget_seconds", { $0.timeBudget = .nan }),
      ("progress_interval", { $0.progressInterval = .nan }),
      ("sync_seconds", { $0.syncSeconds = .nan }),
      ("sync_seconds", { $0.syncSeconds = 0 }),
      ("sync_words", { $0.syncWords = 0 }),
    ]
    for (name, set) in settings {
      var options = TrainingOptions()
      set(&options)
      var refused: String?
      do { try TrainerFactory.check(options) } catch TrainingError.invalidOption(let option, _) {
        refused = option
      } catch {}
      #expect(refused == name)
    }
  }

  /// Candidates so many that the threads' buffers cannot be allocated are refused in one
  /// sentence before the vocabulary pass (the window buffers take 69 bytes a candidate at the
  /// default window, so 10^11 candidates need terabytes), and a count whose size overflows too.
  @Test(arguments: ["100000000000", "9223372036854775807"])
  func candidatesTooManyToAllocateAreRefusedBeforeAnyWork(samples: String) throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let refused = try SamplexProcess.run([
      "train", corpus, "--output", folder, "--samples", samples, "--threads", "1",
    ])
    #expect(refused.status == 1)
    let lines = refused.errors.split(separator: "\n")
    #expect(lines.count == 1, "\(refused.errors)")
    #expect(
      lines.first?.hasPrefix("Error: the training threads' buffers need ") == true
        && lines.first?.hasSuffix("lower --samples, --dim, --threads or --batch-size.") == true,
      "\(refused.errors)")
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  /// Under an address-space limit (`ulimit -v`, 4 GiB here) the check counts what the limit
  /// leaves, not only the system's free memory: 200 million candidates need about 14 GB of
  /// buffers (69 bytes a candidate), which would pass a check of MemAvailable alone on a larger
  /// machine and then abort in the allocation.
  @Test func anAddressSpaceLimitBoundsTheBuffers() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let (status, text) = try SamplexProcess.run(
      [
        "train", corpus, "--output", folder, "--samples", "200000000", "--dim", "100", "--threads",
        "1",
      ], after: "ulimit -v 4194304")
    #expect(status == 1)
    #expect(
      text.hasPrefix("Error: the training threads' buffers need 13800 MB but only ")
        && text.hasSuffix("lower --samples, --dim, --threads or --batch-size.\n"), "\(text)")
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  /// More candidates per window than words in the vocabulary is refused after the vocabulary
  /// pass, before the folder exists, as TensorFlow's samplers refuse it: it trained a minute
  /// without a progress report, where a stop request is noticed. As many as words trains.
  @Test func moreWindowCandidatesThanWordsAreRefused() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let settings = ["--min-count", "40", "--threads", "1", "--epochs", "1", "--dim", "8"]
    let refused = try SamplexProcess.run(
      ["train", corpus, "--output", folder, "--samples", "100000"] + settings)
    #expect(refused.status == 1)
    let words = try #require(
      refused.errors.split(separator: "\n").first { $0.hasPrefix("vocabulary: ") }?
        .split(separator: " ")[1])
    #expect(
      refused.errors.hasSuffix(
        "Error: --samples: a window's 100000 candidates are more than the vocabulary's "
          + "\(words) words, which no sampled loss needs; lower --samples to at most \(words).\n"),
      "\(refused.errors)")
    #expect(!FileManager.default.fileExists(atPath: folder))
    let trained = try SamplexProcess.run(
      ["train", corpus, "--output", folder, "--samples", String(words)] + settings)
    #expect(trained.status == 0, "\(trained.errors)")
  }
}
