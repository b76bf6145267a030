import Foundation
import Samplex
import TestSupport
import Testing

/// One run per folder, as a user meets it through the built `samplex`: a run id in the
/// folder's config and checkpoints, a lock for the run's life, a refusal (or `--overwrite`) for
/// a folder that holds another run, and nothing written before every check has passed.
@Suite struct RunFolderCommandTests {
  static let settings = [
    "--min-count", "2", "--dim", "8", "--window", "2", "--threads", "1", "--heldout-pairs",
    "50", "--heldout", "0.05", "--progress-interval", "1000",
  ]

  /// `samplex train` of the bundled head of the KJV into `folder` with the test's settings.
  private func train(_ folder: String, _ extra: [String]) throws -> (status: Int32, errors: String)
  {
    try SamplexProcess.run(
      ["train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder] + Self.settings + extra)
  }

  /// The last line of a process's standard error: where its error sentence is.
  private func lastLine(_ errors: String) -> String {
    errors.split(separator: "\n").last.map(String.init) ?? ""
  }

  /// `samplex train --resume folder`, which must be refused (status 1) leaving the folder byte
  /// for byte as it was; its error sentence.
  private func refusedResume(of folder: String) throws -> String {
    let before = try SamplexProcess.snapshot(of: folder)
    let resume = try SamplexProcess.run(["train", "--resume", folder])
    #expect(resume.status == 1)
    #expect(try SamplexProcess.snapshot(of: folder) == before)
    return lastLine(resume.errors)
  }

  private func refusal(holding folder: String, _ files: String) -> String {
    "Error: \(folder) holds the files of another run (\(files)), and a folder holds one run; "
      + "give --output a new folder, --resume \(folder) to continue that run, or --overwrite to "
      + "replace it."
  }

  /// A second run into a folder holding a run is refused, the folder byte for byte as it was;
  /// told to overwrite, it replaces the first run's files, checkpoints included, so that a
  /// resume can no longer continue the first run's checkpoint under the second's config.
  @Test func aNewRunIntoAFolderHoldingAnotherIsRefusedUnlessItOverwrites() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    #expect(try train(folder, ["--epochs", "3", "--seed", "1"]).status == 0)
    let before = try SamplexProcess.snapshot(of: folder)
    let second = try train(folder, ["--epochs", "3", "--seed", "2", "--no-checkpoints"])
    #expect(second.status == 1)
    #expect(
      lastLine(second.errors)
        == refusal(holding: folder, "checkpoint-2.bin, checkpoint-3.bin, config.yaml and 5 more"))
    #expect(try SamplexProcess.snapshot(of: folder) == before)
    let replacing = try train(
      folder, ["--epochs", "3", "--seed", "2", "--no-checkpoints", "--overwrite"])
    #expect(replacing.status == 0, "\(replacing.errors)")
    #expect(Checkpoint.stamps(in: folder).isEmpty)
    let vectors = try Data(contentsOf: URL(fileURLWithPath: folder + "/vectors.bin"))
    #expect(vectors != before["vectors.bin"])
    let config = try String(contentsOfFile: folder + "/config.yaml", encoding: .utf8)
    #expect(config.contains("  seed: 2\n") && config.contains("  overwrite: false\n"))
    // The replacing run's record: its own run, begun by this build on this machine.
    let record = try #require(try RunRecord.read(from: folder + "/run.json"))
    #expect(record.run == RunFolder(path: folder).run?.description && record.resumed.isEmpty)
    #expect(record.started?.commit == SamplexBuild.commit)
    #expect(record.started?.samplex == SamplexBuild.version)
    #expect(record.started?.machine == Machine.current)
    let began = try #require(record.started.flatMap { try? Date($0.date, strategy: .iso8601) })
    #expect(abs(began.timeIntervalSinceNow) < 600)
    let resume = try SamplexProcess.run(["train", "--resume", folder])
    #expect(resume.status == 1)
    #expect(
      lastLine(resume.errors)
        == "Error: \(folder): no checkpoint to resume from (checkpoint-N.bin is written after "
        + "each epoch); train without --resume to start the run.")
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/vectors.bin")) == vectors)
  }

  /// A checkpoint another run wrote (here copied in, as an older Samplex left them) is refused
  /// by a resume, naming both runs: before run ids, it was resumed under the folder's config.
  @Test func aResumeTakesOnlyItsOwnRunsCheckpoints() throws {
    let root = try Fixtures.temporaryDirectory()
    #expect(try train(root + "/first", ["--epochs", "3", "--seed", "1"]).status == 0)
    #expect(
      try train(
        root + "/second", ["--epochs", "6", "--seed", "7", "--loss", "nce", "--no-checkpoints"]
      ).status == 0)
    let foreign = root + "/second/checkpoint-3.bin"
    try FileManager.default.copyItem(atPath: root + "/first/checkpoint-3.bin", toPath: foreign)
    let before = try SamplexProcess.snapshot(of: root + "/second")
    let resume = try SamplexProcess.run(["train", "--resume", root + "/second"])
    #expect(resume.status == 1)
    let firstRun = try #require(RunFolder(path: root + "/first").run)
    let secondRun = try #require(RunFolder(path: root + "/second").run)
    #expect(firstRun != secondRun)
    #expect(
      lastLine(resume.errors)
        == "Error: \(foreign): this checkpoint belongs to run \(firstRun), not to run "
        + "\(secondRun) that the folder's config.yaml names, and a run resumes from its own "
        + "checkpoints only; delete it, or train the run again with --overwrite.")
    #expect(try SamplexProcess.snapshot(of: root + "/second") == before)
  }

  /// A resume that would change a setting the run keeps is refused naming the flag; one under a
  /// config.yaml edited since the checkpoint is refused by the checkpoint's digest of them.
  @Test func aResumeKeepsTheSettingsItsRunBeganWith() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    #expect(try train(folder, ["--epochs", "2", "--seed", "1"]).status == 0)
    let before = try SamplexProcess.snapshot(of: folder)
    let changed = try SamplexProcess.run(["train", "--resume", folder, "--loss", "nce"])
    #expect(changed.status == 1)
    #expect(
      lastLine(changed.errors)
        == "Error: --loss: 'loss.type' is negative-sampling in \(folder)/config.yaml, not nce, "
        + "and a resumed run keeps the settings it began with; leave it out, or train a new run "
        + "into another folder (--output).")
    #expect(try SamplexProcess.snapshot(of: folder) == before)
    let config = try String(contentsOfFile: folder + "/config.yaml", encoding: .utf8)
    #expect(config.contains("  type: negative-sampling\n"))
    try config.replacingOccurrences(of: "  type: negative-sampling\n", with: "  type: nce\n")
      .write(toFile: folder + "/config.yaml", atomically: true, encoding: .utf8)
    #expect(
      try refusedResume(of: folder)
        == "Error: checkpoint-2.bin: this checkpoint does not fit the run (it was written under "
        + "other settings than config.yaml holds now: a key a resume keeps ("
        + ResumeSettings.keys.joined(separator: ", ")
        + ") was edited since); resume with the run's own config.yaml and corpus.")
  }

  /// While a run trains, a second run into its folder is refused naming the first's process,
  /// even told to overwrite; the lock dies with its process (`kill -9` here), so the next run
  /// is not refused by it.
  @Test func aSecondRunIsRefusedWhileTheFirstTrains() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let errors = Pipe()
    let first = try SamplexProcess.start(
      ["train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--epochs", "1000"]
        + Self.settings,
      errors: errors)
    defer {
      if first.isRunning { kill(first.processIdentifier, SIGKILL) }
      first.waitUntilExit()
    }
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: folder + "/config.yaml"), first.isRunning,
      Date() < deadline
    {
      usleep(20_000)
    }
    #expect(first.isRunning)
    let config = try Data(contentsOf: URL(fileURLWithPath: folder + "/config.yaml"))
    let second = try train(folder, ["--epochs", "1", "--seed", "2", "--overwrite"])
    #expect(second.status == 1)
    #expect(
      lastLine(second.errors)
        == "Error: \(folder): another samplex run (process \(first.processIdentifier)) is "
        + "training into this folder; wait for it to end, or give --output another folder.")
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/config.yaml")) == config)
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    let after = try train(folder, ["--epochs", "1", "--seed", "2", "--overwrite"])
    #expect(after.status == 0, "\(after.errors)")
    #expect(Checkpoint.stamps(in: folder) == [.init(epochs: 1)])
  }

  /// A one-epoch run replacing a three-epoch run keeps its own checkpoint: pruning by number
  /// removed it and kept the old run's two.
  @Test func aShorterRunKeepsItsOwnCheckpoint() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    #expect(try train(folder, ["--epochs", "3", "--seed", "1"]).status == 0)
    let replacing = try train(folder, ["--epochs", "1", "--seed", "2", "--overwrite"])
    #expect(replacing.status == 0, "\(replacing.errors)")
    #expect(Checkpoint.stamps(in: folder) == [.init(epochs: 1)])
    let run = try #require(RunFolder(path: folder).run)
    #expect(try Checkpoint.latest(in: folder).run == run)
  }

  /// A run refused by an option's check leaves the folder it would replace as it was: the check
  /// ran after the config was written. A replacing run removes the old run's evaluation.json.
  @Test func aRefusedRunWritesNothingAndAReplacingOneLeavesNothingStale() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let evaluated = try train(
      folder,
      [
        "--epochs", "1", "--seed", "1", "--eval", "--similarity",
        Fixtures.data("eval/wordsim353.tsv"),
      ])
    #expect(evaluated.status == 0, "\(evaluated.errors)")
    #expect(FileManager.default.fileExists(atPath: folder + "/evaluation.json"))
    let before = try SamplexProcess.snapshot(of: folder)
    let refused = try train(folder, ["--epochs", "1", "--heldout", "0.7", "--overwrite"])
    #expect(refused.status == 1)
    #expect(
      lastLine(refused.errors)
        == "Error: --heldout: 'training.heldout' must be at least 0.0 and at most 0.5, not 0.7.")
    #expect(try SamplexProcess.snapshot(of: folder) == before)
    #expect(try train(folder, ["--epochs", "1", "--seed", "2", "--overwrite"]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: folder + "/evaluation.json"))
  }

  /// An evaluation file that cannot be used stops the run before the vocabulary pass and
  /// before the folder exists: it was read only after training, which had written the run.
  @Test func anUnusableEvaluationFileStopsTheRunBeforeAnyWork() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let text = Fixtures.data("tiny/kjv-head.txt")
    let refused = try train(folder, ["--epochs", "1", "--eval", "--analogies", text])
    #expect(refused.status == 1)
    #expect(
      refused.errors
        == "Error: \(text):1: a question before any ': section' line; is this an analogy file in "
        + "word2vec's questions-words format?\n")
    #expect(!FileManager.default.fileExists(atPath: folder))
  }

  /// Repeating a run from its config.yaml names the run's own folder as the output: refused
  /// there, in a sentence that says it is a repeat and where one goes, unless told to overwrite.
  @Test func aRepeatFromARunsConfigDoesNotWriteIntoItsFolderUnasked() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    #expect(try train(folder, ["--epochs", "1", "--seed", "1"]).status == 0)
    let before = try SamplexProcess.snapshot(of: folder)
    let repeated = try SamplexProcess.run(["train", "--config", folder + "/config.yaml"])
    #expect(repeated.status == 1)
    #expect(
      lastLine(repeated.errors)
        == "Error: \(folder)/config.yaml lies in \(folder), the folder of the run it would "
        + "repeat, and a folder holds one run; to repeat that run give --output a new folder (say --output "
        + "\(folder)-again), or --overwrite to replace it.")
    #expect(try SamplexProcess.snapshot(of: folder) == before)
    let replaced = try SamplexProcess.run([
      "train", "--config", folder + "/config.yaml", "--overwrite",
    ])
    #expect(replaced.status == 0, "\(replaced.errors)")
    // The same settings with one worker: the same vectors, under a run id of its own.
    #expect(try SamplexProcess.snapshot(of: folder)["vectors.bin"] == before["vectors.bin"])
    #expect(RunFolder(path: folder).run != nil)
    #expect(before["config.yaml"] != (try SamplexProcess.snapshot(of: folder))["config.yaml"])
  }

  /// A damaged newest checkpoint is passed over, in one line, for the run's one before it;
  /// with every one damaged the resume is refused in one sentence, the folder as it was.
  @Test func aResumePassesOverADamagedCheckpoint() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    #expect(try train(folder, ["--epochs", "3"]).status == 0)
    try FileManager.default.removeItem(atPath: folder + "/vectors.bin")
    func damage(_ epochs: Int) throws {
      let path = Checkpoint.path(in: folder, epochs: epochs)
      var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      bytes[bytes.count - 64] ^= 0x04
      try bytes.write(to: URL(fileURLWithPath: path))
    }
    try damage(3)
    let resumed = try SamplexProcess.run(["train", "--resume", folder])
    #expect(resumed.status == 0, "\(resumed.errors)")
    let passing = resumed.errors.split(separator: "\n").filter { $0.contains("damaged") }
    #expect(
      passing == [
        "passing over damaged checkpoint-3.bin: its checksum does not match its contents; "
          + "resuming from checkpoint-2.bin"
      ])
    #expect(resumed.errors.contains("resuming after epoch 2 of 3"))
    // The resume's session is added to the run's record, after the one that started it.
    let record = try #require(try RunRecord.read(from: folder + "/run.json"))
    #expect(record.started != nil && record.resumed.count == 1)
    #expect(record.run == RunFolder(path: folder).run?.description)
    #expect(FileManager.default.fileExists(atPath: folder + "/vectors.bin"))
    try damage(3)
    try damage(2)
    #expect(
      try refusedResume(of: folder)
        == "Error: \(folder): no checkpoint of the run can be resumed, as every one is damaged "
        + "(checkpoint-3.bin: its checksum does not match its contents; checkpoint-2.bin: its "
        + "checksum does not match its contents); train the run again with --overwrite.")
  }

  /// A resume whose folder's `metrics.jsonl` and `run.json` are past their limits goes on
  /// without them, saying so on standard error for each: the file, its size, the limit and
  /// what is not carried over.
  @Test func aResumeSaysWhichOversizedFilesItPassedOver() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    #expect(try train(folder, ["--epochs", "3"]).status == 0)
    try FileManager.default.removeItem(atPath: Checkpoint.path(in: folder, epochs: 3))
    let metrics = folder + "/metrics.jsonl"
    let record = folder + "/run.json"
    try #require(truncate(metrics, off_t(MetricsFile.maxBytes + 1)) == 0)
    try #require(truncate(record, off_t(RunRecord.maxBytes + 1)) == 0)
    let resumed = try SamplexProcess.run(["train", "--resume", folder])
    #expect(resumed.status == 0, "\(resumed.errors)")
    let warnings = resumed.errors.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
    let recordWarning: String =
      "warning: \(record) holds 16777217 bytes, more than the 16 MiB a resume reads back, so it "
      + "was left unread: where the run's earlier sessions ran is not carried over; run.json now "
      + "records this resume only"
    let metricsWarning: String =
      "warning: \(metrics) holds 1073741825 bytes, more than the 1024 MiB a resume reads back, "
      + "so it was left unread: the interrupted run's metrics are not carried over; "
      + "metrics.jsonl now holds this resume's ticks only"
    #expect(warnings == [Substring(recordWarning), Substring(metricsWarning)])
    let kept = try #require(try RunRecord.read(from: record))
    #expect(kept.started == nil && kept.resumed.count == 1)
    let lines = try String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n")
    #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("\"epoch\":3") }, "\(lines)")
  }
}
