import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Samplex

/// A step that process 0 alone takes and that fails ends every process of the group: process 0
/// with its error, the others with `DistributedTrainingError.processZeroFailed` and its
/// sentence, none left waiting in a collective operation for process 0 (each run has a time
/// limit, so that a hang fails the test).
@Suite struct ProcessZeroFailureTests {
  /// Each member's error after `body`, in rank order, as its sentence; nil where it returned.
  private static func errors(
    processes: Int, _ body: @escaping @Sendable (ThreadGroup.Member) throws -> Void
  ) throws -> [String?] {
    try ThreadGroup(size: processes).run(timeLimit: 300) { member in
      do {
        try body(member)
        return nil
      } catch {
        return String(describing: error)
      }
    }
  }

  /// What every process but 0 says after process 0 said `sentence`.
  private static func others(_ sentence: String) -> String {
    DistributedTrainingError.processZeroFailed(sentence: sentence).description
  }

  /// A run of the tiny corpus into `folder`, one epoch of one thread.
  private static func configuration(output folder: String) throws -> RunConfiguration {
    try RunRequest(
      .train,
      overrides: [
        "corpus.path=\(Fixtures.data("tiny/kjv-head.txt"))", "training.epochs=1",
        "output.dir=\(folder)", "training.threads=1", "vocabulary.min_count=2", "model.dim=8",
      ]
    ).resolve().0
  }

  /// The work runs on process 0 alone; its success is every process's, and its failure ends
  /// process 0 with its own error and the others with its sentence.
  @Test func processZeroWorkEndsTheSameWayOnEveryProcess() throws {
    let failure = CorpusError.unwritable(path: "/runs/a/vectors.bin", reason: "No space left")
    let ran = Ranks()
    let errors = try Self.errors(processes: 3) { member in
      try member.agree { ran.add(member.rank) }
      try member.agree { throw failure }
    }
    #expect(ran.all == [0])
    #expect(errors[0] == failure.description)
    #expect(errors[1] == Self.others(failure.description))
    #expect(errors[2] == Self.others(failure.description))
    #expect(
      errors[1]
        == "process 0 failed and every process stops with it; fix what it says, then run "
        + "again: /runs/a/vectors.bin: cannot be written (No space left); check that the folder "
        + "exists, is writable and has room.")
  }

  /// A vocabulary that process 0's merge leaves empty (no word reaches `min_count`) ends every
  /// process, rather than leaving the others waiting for it.
  @Test func aMergeProcessZeroRefusesEndsEveryProcess() throws {
    var options = TrainingOptions()
    options.minCount = 1 << 40
    let corpus = try TextSource(path: Fixtures.bundledPlainCorpus)
    let errors = try Self.errors(processes: 2) { [options] member in
      _ = try SharedVocabulary.vocabulary(
        of: corpus.part(member.rank, of: 2), options: options, group: member)
    }
    let sentence = try #require(errors[0])
    #expect(sentence.contains("no word occurs at least \(options.minCount) times"), "\(sentence)")
    #expect(errors[1] == Self.others(sentence))
  }

  /// A folder that process 0 refuses (it holds another run) ends every process before any
  /// counts its part.
  @Test func aFolderProcessZeroRefusesEndsEveryProcess() throws {
    let folder = try Fixtures.temporaryDirectory() + "/held"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data([1]).write(to: URL(fileURLWithPath: folder + "/vectors.bin"))
    let configuration = try Self.configuration(output: folder)
    let errors = try Self.errors(processes: 2) { member in
      let run = try Run(configuration: configuration, group: member)
      try run.readVocabulary()
    }
    let sentence = try #require(errors[0])
    #expect(
      sentence == RunFolderError.holdsAnotherRun(folder: folder, files: ["vectors.bin"]).description
    )
    #expect(errors[1] == Self.others(sentence))
  }

  /// Vectors that process 0 cannot write at the end of the run (a folder holds their name)
  /// end both processes; the folder holds what was written before and nothing half-written.
  @Test func vectorsProcessZeroCannotWriteEndEveryProcess() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let configuration = try Self.configuration(output: folder)
    let blocked = RunFile.vectorsBinary.path(in: folder)
    let errors = try Self.errors(processes: 2) { member in
      let run = try Run(configuration: configuration, group: member)
      try run.readVocabulary()
      _ = try run.train(trainingEnded: {
        try? FileManager.default.createDirectory(
          atPath: blocked + "/held", withIntermediateDirectories: true)
      })
    }
    let sentence = try #require(errors[0])
    #expect(sentence.hasPrefix(blocked + ": cannot be written (Is a directory)"), "\(sentence)")
    #expect(errors[1] == Self.others(sentence))
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(!names.contains { $0.contains(".partial-") }, "\(names)")
    #expect(names.contains("config.yaml") && names.contains("run.json"), "\(names)")
    #expect(!names.contains("metrics.jsonl"), "\(names)")
  }
}

/// The ranks of the members that ran a piece of work.
private final class Ranks: Sendable {
  private let ranks = Mutex<[Int]>([])
  var all: [Int] { ranks.withLock { $0 } }
  func add(_ rank: Int) { ranks.withLock { $0.append(rank) } }
}
