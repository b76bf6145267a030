import Foundation
import TestSupport
import Testing

@testable import Samplex

/// A run that sets no held-out pairs scores as many as cost about 5% of an epoch, says so, and
/// its resume scores the same pairs.
@Suite struct RunHeldOutTests {
  @Test func aCappedRunSaysSoAndItsResumeKeepsItsPairs() throws {
    let folder = try Fixtures.temporaryDirectory() + "/capped"
    // 8,000 words of which about 1,000 distinct: 5% of an epoch pays for a few hundred pairs,
    // and a fifth of the sentences held out hold more.
    let settings = [
      "corpus.path=\(Fixtures.data("tiny/kjv-head.txt"))", "output.dir=\(folder)",
      "training.threads=1", "vocabulary.min_count=1", "model.dim=8", "training.heldout=0.2",
    ]
    let (configuration, _) = try RunRequest(.train, overrides: settings + ["training.epochs=1"])
      .resolve()
    var lines: [String] = []
    let run = try Run(configuration: configuration, log: { lines.append($0) })
    try run.readVocabulary()
    let first = try #require(try run.train()).training
    let pairs = HeldOutCost(options: configuration.training, vocabulary: first.vocabulary)
      .automaticPairs
    #expect(pairs > HeldOutCost.minimumPairs && pairs < TrainingOptions.defaultHeldOutPairs)
    #expect(first.heldOutPairs == pairs)
    #expect(
      lines.contains(
        "held-out cross-entropy on \(pairs) pairs (capped from 2000 so that it costs about 5% of "
          + "an epoch)"), "\(lines)")
    let written = try String(contentsOfFile: folder + "/config.yaml", encoding: .utf8)
    #expect(written.contains("  heldout_pairs: null\n"))
    // Resumed for a second epoch: the same pairs, and the first epoch's figure on them kept.
    let (resumed, _) = try RunRequest(
      .train, resumeFolder: folder, overrides: ["training.epochs=2"]
    ).resolve()
    let again = try Run(configuration: resumed, resumes: true)
    try again.readVocabulary()
    let second = try #require(try again.train()).training
    #expect(second.heldOutPairs == pairs)
    #expect(second.heldOutCrossEntropy.count == 2)
    #expect(second.heldOutCrossEntropy.first == first.heldOutCrossEntropy.first)
    // A number set on the resume would change its held-out set: refused.
    #expect(throws: ConfigurationError.self) {
      _ = try RunRequest(
        .train, resumeFolder: folder,
        overrides: ["training.epochs=3", "training.heldout_pairs=2000"]
      ).resolve()
    }
  }
}
