import Foundation
import Samplex
import TestSupport
import Testing

@Suite struct TrainingErrorTests {
  @Test func badOptionsAreClearErrors() throws {
    let path = try plantedCorpus(sentences: 50, seed: 5)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.window = 0
    #expect(
      throws: TrainingError.invalidOption(name: "window", reason: "the window must be at least 1")
    ) {
      _ = try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: words)
    }
    #expect(
      TrainingError.modelTooLarge(bytes: 9_000_000_000, available: 1_000_000_000).description
        == "the model needs 9000 MB but only 1000 MB of memory is available; lower --dim, raise --min-count or set --max-size."
    )
  }

  /// A checkpoint records its vocabulary's fingerprint, so that its rows are never resumed
  /// under another vocabulary of the same size: here the two most frequent words trade ids.
  @Test func aCheckpointIsResumedOnlyUnderItsOwnVocabulary() throws {
    let path = try plantedCorpus(sentences: 300, seed: 11)
    let words = try vocabulary(of: path)
    var options = plantedOptions()
    options.epochs = 2
    let folder = try Fixtures.temporaryDirectory()
    _ = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words,
      checkpoints: CheckpointFolder(path: folder, run: RunID(value: 1), settings: 0))
    let checkpoint = try Checkpoint.latest(in: folder)
    #expect(checkpoint.vocabularyFingerprint == words.fingerprint)
    var swapped = Array(words.words)
    swapped.swapAt(0, 1)
    let other = Vocabulary(words: swapped, counts: Array(words.counts))
    #expect(other.fingerprint != words.fingerprint)
    options.epochs = 3
    #expect(
      throws: TrainingError.checkpointMismatch(
        path: "checkpoint-2.bin",
        reason:
          "its rows belong to another vocabulary of \(words.count) words: the corpus, the "
          + "vocabulary file (vocabulary.read), min_count or max_size changed since it was written")
    ) {
      try TrainerFactory.train(
        options: options, source: TextSource(path: path), vocabulary: other, resume: checkpoint)
    }
    let resumed = try TrainerFactory.train(
      options: options, source: TextSource(path: path), vocabulary: words, resume: checkpoint)
    // The two epochs' cross-entropies the checkpoint holds, and the third's.
    #expect(resumed.heldOutCrossEntropy.count == 3)
  }
}
