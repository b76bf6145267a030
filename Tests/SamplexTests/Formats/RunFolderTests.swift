import Foundation
import TestSupport
import Testing

@testable import Samplex

/// The library's side of one run per folder: run ids, the folder's lock, what a folder holds
/// and what replacing it removes, and checkpoints that name their run.
@Suite struct RunFolderTests {
  @Test func aRunIDReadsBackFromItsText() {
    let id = RunID(value: 0x00AB_CDEF_0123_4567)
    #expect(id.description == "00abcdef01234567")
    #expect(RunID(id.description) == id)
    #expect(RunID("abc") == nil && RunID("00abcdef0123456g") == nil)
    #expect(RunID.random() != RunID.random())
  }

  @Test func theKeptSettingsAreConfigKeys() {
    let paths = Set(ConfigurationSchema.keys.map(\.path))
    #expect(ResumeSettings.keys.allSatisfy(paths.contains), "\(ResumeSettings.keys)")
    var configuration = RunConfiguration()
    let digest = ResumeSettings.digest(configuration)
    configuration.training.learningRate = 0.5
    #expect(ResumeSettings.digest(configuration) == digest)
    configuration.training.loss = .nce
    #expect(ResumeSettings.digest(configuration) != digest)
    configuration.vocabularyFile = "vocab.txt"
    #expect(ResumeSettings.digest(configuration) != ResumeSettings.digest(RunConfiguration()))
  }

  /// vocabulary.read came after checkpoints recorded the digest: unset, it is left out of it, so
  /// that a checkpoint of a run from before it still resumes.
  @Test func anUnsetVocabularyFileLeavesTheDigestAsItWas() {
    let configuration = RunConfiguration()
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for path in ResumeSettings.keys where path != "vocabulary.read" {
      let key = ConfigurationSchema.keys.first { $0.path == path }!
      for byte in (path + "=" + key.get(configuration).yaml + "\n").utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
      }
    }
    #expect(ResumeSettings.digest(configuration) == hash)
  }

  /// Unset, the formats follow the text's size; set, they are what was asked whatever the size.
  @Test func vectorFormatsAreChosenByTheTextsSizeUnlessGiven() {
    let small = VectorFileFormats.estimatedTextBytes(words: ["ab", "c"], dimensions: 10)
    #expect(small == 3 + 2 + 2 * 10 * 12)
    #expect(VectorFileFormats.chosen(nil, words: ["ab", "c"], dimensions: 10) == .both)
    // 2 words × 50M values × 12 bytes: 1.2 GB of text, past the 1 GiB limit.
    let large = 50_000_000
    #expect(VectorFileFormats.estimatedTextBytes(words: ["a", "b"], dimensions: large) > 1 << 30)
    #expect(VectorFileFormats.chosen(nil, words: ["a", "b"], dimensions: large) == .binary)
    #expect(VectorFileFormats.chosen(.both, words: ["a", "b"], dimensions: large) == .both)
    #expect(VectorFileFormats.chosen(.text, words: ["ab"], dimensions: 10) == .text)
  }

  /// A run folder's vector files are those of the last write: a file of another format or the
  /// output vectors that this write leaves out is removed, not left stale.
  @Test func runVectorFilesLeaveNoStaleFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    let input = EmbeddingTable(rows: 2, dimensions: 3)
    input.fillUniform(scale: 1, seed: 1)
    let output = EmbeddingTable(rows: 2, dimensions: 3)
    output.fillUniform(scale: 1, seed: 2)
    let words = ["a", "b"]
    func files() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }
    let all = try RunVectorFiles.write(
      words: words, input: input, output: output, formats: .both, to: folder)
    #expect(all == [.vectorsBinary, .vectorsText, .outputVectors])
    #expect(try files() == ["vectors-output.bin", "vectors.bin", "vectors.txt"])
    #expect(try Word2VecReader.read(path: folder + "/vectors-output.bin").values == output.array)
    #expect(try Word2VecReader.read(path: folder + "/vectors.txt").values == input.array)
    try RunVectorFiles.write(words: words, input: input, output: nil, formats: .binary, to: folder)
    #expect(try files() == ["vectors.bin"])
    try RunVectorFiles.write(words: words, input: input, output: nil, formats: .text, to: folder)
    #expect(try files() == ["vectors.txt"])
    #expect(RunFolder.isRunFile("vectors-output.bin"))
  }

  /// A second lock on a locked folder is refused naming the holder's process (this one: the
  /// lock is on the open file, not the process), and taken once the first is released.
  @Test func aLockedFolderRefusesASecondLockUntilReleased() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    try RunFolderLock.checkFree(folder)
    var first: RunFolderLock? = try RunFolderLock(folder: folder)
    let locked = RunFolderError.locked(folder: folder, process: getpid())
    #expect(throws: locked) { try RunFolderLock.checkFree(folder) }
    #expect(throws: locked) { _ = try RunFolderLock(folder: folder) }
    withExtendedLifetime(first) {}
    first = nil
    try RunFolderLock.checkFree(folder)
    _ = try RunFolderLock(folder: folder)
  }

  /// Replacing a run removes its files and its killed writers' temporary files, and nothing
  /// else: the user's files and the lock stay.
  @Test func replacingARunRemovesOnlyItsFiles() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let lock = try RunFolderLock(folder: folder)
    let names = [
      "config.yaml", "vectors.bin", "checkpoint-2.bin", "checkpoint-2.1.bin", "notes.txt",
      "vectors.bin.partial-999999999", "checkpoints.txt", "checkpoint-notes.bin",
    ]
    for name in names { try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
    let held = RunFolder(path: folder)
    #expect(
      held.runFiles == ["checkpoint-2.1.bin", "checkpoint-2.bin", "config.yaml", "vectors.bin"])
    #expect(held.run == nil)
    #expect(throws: RunFolderError.holdsAnotherRun(folder: folder, files: held.runFiles)) {
      try held.admitNewRun(overwrite: false)
    }
    try held.admitNewRun(overwrite: true)
    #expect(throws: RunFolderError.namesNoRun(folder: folder)) {
      try held.admitResume(of: RunID(value: 1))
    }
    try held.removeRunFiles()
    let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(
      left == [RunFolderLock.fileName, "checkpoint-notes.bin", "checkpoints.txt", "notes.txt"])
    #expect(RunFolder(path: folder).runFiles.isEmpty)
    withExtendedLifetime(lock) {}
  }

  /// A file where the run folder should be is refused before any work, in words (it surfaced
  /// as a failure to make the folder after the vocabulary pass).
  @Test func aFileIsNoRunFolder() throws {
    let file = try Fixtures.file(named: "vectors.txt", bytes: Array("x".utf8))
    #expect(throws: RunFolderError.notAFolder(path: file)) {
      try RunFolder(path: file).admitNewRun(overwrite: true)
    }
    try RunFolder(path: file + "-new").admitNewRun(overwrite: false)
    // A folder under a file cannot be made: refused before any work, where it failed after the
    // vocabulary pass when the folder was made.
    #expect(throws: RunFolderError.underAFile(path: file + "/run/a", file: file)) {
      try RunFolder(path: file + "/run/a").admitNewRun(overwrite: true)
    }
    try RunFolder(path: (file as NSString).deletingLastPathComponent + "/new/run")
      .admitNewRun(overwrite: false)
  }

  /// Trains `epochs` epochs of the planted `corpus`, its checkpoints into `folder`.
  private func train(_ corpus: String, epochs: Int, into folder: CheckpointFolder) throws {
    var options = plantedOptions()
    options.epochs = epochs
    _ = try TrainerFactory.train(
      options: options, source: TextSource(path: corpus), vocabulary: vocabulary(of: corpus),
      checkpoints: folder)
  }

  /// Pruning counts this run's checkpoints only: a shorter run in a folder holding a longer
  /// run's checkpoints keeps its own (pruning by number removed it and kept the others).
  @Test func pruningKeepsThisRunsCheckpointsOnly() throws {
    let corpus = try plantedCorpus(sentences: 200, seed: 12)
    let folder = try Fixtures.temporaryDirectory()
    let (longer, shorter) = (RunID(value: 1), RunID(value: 2))
    try train(corpus, epochs: 3, into: CheckpointFolder(path: folder, run: longer, settings: 0))
    try train(corpus, epochs: 1, into: CheckpointFolder(path: folder, run: shorter, settings: 0))
    let runs = try Checkpoint.stamps(in: folder).map {
      try Checkpoint.read(path: Checkpoint.path(in: folder, stamp: $0)).run
    }
    #expect(runs == [shorter, longer, longer])
  }

  /// A checkpoint names its run and settings; one of an earlier layout, which carries no
  /// checksum (and before format 4 names no run), is refused with a sentence of its own.
  @Test func aCheckpointBelongsToOneRun() throws {
    let folder = try Fixtures.temporaryDirectory()
    let own = CheckpointFolder(path: folder, run: RunID(value: 7), settings: 42)
    try train(plantedCorpus(sentences: 200, seed: 13), epochs: 1, into: own)
    let checkpoint = try Checkpoint.latest(in: folder)
    #expect(checkpoint.run == own.run && checkpoint.settings == 42)
    try checkpoint.checkBelongs(to: own)
    let other = CheckpointFolder(path: folder, run: RunID(value: 8), settings: 42)
    #expect(
      throws: TrainingError.checkpointOfAnotherRun(
        path: folder + "/checkpoint-1.bin", run: own.run, folderRun: other.run)
    ) { try checkpoint.checkBelongs(to: other) }
    let earlier = folder + "/checkpoint-0.bin"
    var bytes = try Data(contentsOf: URL(fileURLWithPath: Checkpoint.path(in: folder, epochs: 1)))
    for version in [3, 4] {
      bytes.replaceSubrange(0..<8, with: Data("SPXCKPT\(version)".utf8))
      try bytes.write(to: URL(fileURLWithPath: earlier))
      #expect(throws: TrainingError.checkpointOfEarlierVersion(path: earlier, version: version)) {
        _ = try Checkpoint.read(path: earlier)
      }
    }
  }
}
