import Foundation
import TestSupport
import Testing

@_spi(Fuzzing) @testable import Samplex

/// Random damage to real checkpoints: none may load, and none may crash the reader.
@Suite struct CheckpointIntegrityTests {
  /// Damaged copies per test run: 300, or `SAMPLEX_MUTATIONS` for a longer soak.
  static let mutations =
    Int(ProcessInfo.processInfo.environment["SAMPLEX_MUTATIONS"] ?? "") ?? 300

  /// Two real checkpoints of a tiny planted corpus (1,000 words, 56 distinct): one written
  /// after an epoch by training, and one written inside the next with two workers' positions
  /// and held-out sentences, so that every part of the layout is there to be damaged.
  static func checkpoints() throws -> (folder: String, paths: [String]) {
    let corpus = try plantedCorpus(sentences: 200, seed: 21)
    let folder = try Fixtures.temporaryDirectory()
    let checkpoints = CheckpointFolder(path: folder, run: RunID(value: 5), settings: 9)
    var options = plantedOptions()
    options.epochs = 1
    let vocabulary = try vocabulary(of: corpus)
    let run = try TrainerFactory.train(
      options: options, source: TextSource(path: corpus), vocabulary: vocabulary,
      checkpoints: checkpoints)
    let epoch = try Checkpoint.read(path: Checkpoint.path(in: folder, epochs: 1))
    var random = Xoshiro256StarStar(seed: 3)
    let positions = (0..<2).map { worker in
      WorkerPosition(
        finished: worker == 0, sentences: 40 + worker, streamRandom: Xoshiro256StarStar(seed: 1),
        lossRandom: Xoshiro256StarStar(seed: 2),
        heldOut: (0..<3).map { _ in
          (0..<5).map { _ in Int32(random.next(below: vocabulary.count)) }
        })
    }
    let inside = try Checkpoint.write(
      model: run.model, vocabulary: vocabulary, epochsDone: 1, part: 1, wordsSeen: run.wordsSeen,
      heldOut: epoch.heldOut, crossEntropies: epoch.crossEntropies,
      positions: EncodedPositions(positions),
      to: checkpoints)
    return (folder, [Checkpoint.path(in: folder, epochs: 1), inside])
  }

  /// A checkpoint written at an earlier point than the run's newest (after a resume passed
  /// over a damaged newest one) removes the newer ones, the run's abandoned future, so that the
  /// two kept are whole ones of the run as it goes on.
  @Test func aCheckpointRemovesTheRunsNewerOnes() throws {
    let (folder, _) = try Self.checkpoints()
    let checkpoints = CheckpointFolder(path: folder, run: RunID(value: 5), settings: 9)
    let epoch = try Checkpoint.read(path: Checkpoint.path(in: folder, epochs: 1))
    #expect(Checkpoint.stamps(in: folder).count == 2)
    let model = Model(vocabularySize: epoch.vocabularySize, dimensions: epoch.dimensions, seed: 1)
    try epoch.restore(into: model)
    let vocabulary = try vocabulary(of: try plantedCorpus(sentences: 200, seed: 21))
    _ = try Checkpoint.write(
      model: model, vocabulary: vocabulary, epochsDone: 1, wordsSeen: epoch.wordsSeen,
      heldOut: epoch.heldOut, crossEntropies: epoch.crossEntropies, to: checkpoints)
    #expect(Checkpoint.stamps(in: folder) == [Checkpoint.Stamp(epochs: 1, part: 0)])
  }

  /// Bit flips, bytes overwritten, the file cut or lengthened, one to three at a time: every
  /// copy that differs from the checkpoint is refused with a `TrainingError` naming the file
  /// (the checksum catches what no range does: a changed table), and none crashes the reader.
  @Test func everyDamagedCopyIsRefused() throws {
    let (folder, paths) = try Self.checkpoints()
    let originals = try paths.map { try OpenFile(path: $0).contents() }
    for path in paths { _ = try Checkpoint.read(path: path) }
    let damagedPath = folder + "/damaged.bin"
    var random = Xoshiro256StarStar(seed: 77)
    var (unchanged, refused) = (0, 0)
    var reasons: [String: Int] = [:]
    for _ in 0..<Self.mutations {
      let original = originals[random.next(below: originals.count)]
      let bytes = Self.mutate(original, random: &random)
      try Data(bytes).write(to: URL(fileURLWithPath: damagedPath))
      do {
        _ = try Checkpoint.read(path: damagedPath)
        if bytes == original {
          unchanged += 1
        } else {
          Issue.record("a damaged copy of \(original.count) bytes into \(bytes.count) loaded")
        }
      } catch let error as TrainingError {
        refused += 1
        #expect("\(error)".hasPrefix(damagedPath + ": "), "\(error)")
        switch error {
        case .corruptCheckpoint(_, let reason): reasons[reason, default: 0] += 1
        case .checkpointOfEarlierVersion: reasons["an earlier format", default: 0] += 1
        default: Issue.record("unexpected \(error)")
        }
      }
    }
    #expect(refused + unchanged == Self.mutations)
    // Damage to the tables, most of the file, is found by the checksum alone.
    #expect(reasons["its checksum does not match its contents", default: 0] > Self.mutations / 3)
    print(
      "checkpoint mutations: \(Self.mutations), refused \(refused), unchanged \(unchanged): "
        + reasons.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
          separator: ", "))
  }

  /// A resealed checkpoint ends with the checksum of its other bytes, so that a changed field
  /// is refused by the check behind the checksum, as the resealed fuzz target needs; a whole
  /// checkpoint is its own resealing.
  @Test func aResealedCheckpointReachesTheChecksBehindTheChecksum() throws {
    let (folder, paths) = try Self.checkpoints()
    let original = try OpenFile(path: paths[0]).contents()
    #expect(Checkpoint.resealed(original) == original)
    #expect(Checkpoint.resealed([1, 2, 3]) == [1, 2, 3])
    var damaged = original
    // Words seen, after the magic and the epochs: 2^62.
    withUnsafeBytes(of: Int64(1 << 62).littleEndian) { damaged.replaceSubrange(16..<24, with: $0) }
    let path = folder + "/damaged.bin"
    try Data(damaged).write(to: URL(fileURLWithPath: path))
    #expect(
      throws: TrainingError.corruptCheckpoint(
        path: path, reason: "its checksum does not match its contents")
    ) { _ = try Checkpoint.read(path: path) }
    try Data(Checkpoint.resealed(damaged)).write(to: URL(fileURLWithPath: path))
    #expect(
      throws: TrainingError.corruptCheckpoint(
        path: path, reason: "its words seen, 4611686018427387904, are past what any run trains")
    ) { _ = try Checkpoint.read(path: path) }
  }

  /// One to three of: a bit flipped (half of them, as a disk or a copy would damage a file), a
  /// byte overwritten, the end cut off, bytes appended.
  static func mutate(_ original: [UInt8], random: inout Xoshiro256StarStar) -> [UInt8] {
    var bytes = original
    for _ in 0...random.next(below: 3) {
      let position = random.next(below: max(bytes.count, 1))
      switch random.next(below: 6) {
      case 0, 1,
        2 where !bytes.isEmpty:
        bytes[position] ^= 1 << UInt8(random.next(below: 8))
      case 3 where !bytes.isEmpty:
        bytes[position] = UInt8(truncatingIfNeeded: random.next())
      case 4:
        bytes.removeSubrange(position...)
      default:
        bytes += (0...random.next(below: 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      }
    }
    return bytes
  }

  /// The checksum sees a single flipped bit anywhere, a cut, and zeros added; pieces fed in any
  /// split sum as the whole does.
  @Test func theChecksumSeesEveryFlipAndEveryLength() {
    var random = Xoshiro256StarStar(seed: 11)
    let bytes = (0..<333).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    func sum(_ pieces: [UInt8]...) -> UInt64 {
      var checksum = CheckpointChecksum()
      for piece in pieces { checksum.add(piece) }
      return checksum.value
    }
    let whole = sum(bytes)
    for split in [0, 1, 7, 31, 32, 33, 100, 333] {
      #expect(sum(Array(bytes[..<split]), Array(bytes[split...])) == whole)
    }
    var sums: Set<UInt64> = [whole]
    for bit in 0..<(bytes.count * 8) {
      var flipped = bytes
      flipped[bit / 8] ^= 1 << UInt8(bit % 8)
      sums.insert(sum(flipped))
    }
    for length in 0..<bytes.count { sums.insert(sum(Array(bytes[..<length]))) }
    sums.insert(sum(bytes + [0]))
    #expect(sums.count == 1 + bytes.count * 8 + bytes.count + 1)
  }

  /// Values out of range with a valid checksum (a file written wrongly, or made by hand) are
  /// refused too: a held-out word id past the vocabulary segfaulted in `HeldOutSet.losses`.
  @Test func valuesOutOfRangeAreRefusedEvenWithAValidChecksum() throws {
    let (folder, paths) = try Self.checkpoints()
    let original = try OpenFile(path: paths[0]).contents()
    let words = try Checkpoint.read(path: paths[0]).vocabularySize
    let forged = folder + "/forged.bin"
    /// The checkpoint with the Int64 (or Int32) at `offset` set to `value` and its sum redone.
    func refusal(at offset: Int, _ value: Int, bytes: Int = 8) throws -> TrainingError? {
      var copy = original
      withUnsafeBytes(of: Int64(value).littleEndian) {
        copy.replaceSubrange(offset..<(offset + bytes), with: $0.prefix(bytes))
      }
      try Data(Checkpoint.resealed(copy)).write(to: URL(fileURLWithPath: forged))
      do {
        _ = try Checkpoint.read(path: forged)
        return nil
      } catch let error as TrainingError {
        return error
      }
    }
    #expect(try refusal(at: 8 + 8, 1 << 62) != nil, "words seen near overflow")
    let heldOut = 8 + Checkpoint.headerCount * 8
    #expect(try refusal(at: heldOut, words, bytes: 4) != nil, "a context id of V")
    #expect(try refusal(at: heldOut, -1, bytes: 4) != nil, "a negative context id")
    #expect(try refusal(at: 8, 2) != nil, "two epochs with one cross-entropy")
    #expect(try refusal(at: heldOut, words - 1, bytes: 4) == nil, "the last id is a word's")
    // The cross-entropy after the held-out pairs: negative is damage, NaN a measurement (of a
    // model that went on to diverge).
    let pairs = try #require(try Checkpoint.read(path: paths[0]).heldOut?.count)
    let crossEntropy = heldOut + 8 * pairs
    func bits(_ value: Double) -> Int { Int(Int64(bitPattern: value.bitPattern)) }
    #expect(try refusal(at: crossEntropy, bits(-1)) != nil, "a negative cross-entropy")
    #expect(try refusal(at: crossEntropy, bits(.nan)) == nil, "a NaN cross-entropy")
  }

  /// Against the run's settings: more held-out pairs than the run keeps is refused.
  @Test func heldOutPairsPastTheRunsAreRefused() throws {
    let (_, paths) = try Self.checkpoints()
    let checkpoint = try Checkpoint.read(path: paths[0])
    let pairs = try #require(checkpoint.heldOut?.count)
    let vocabulary = try vocabulary(of: plantedCorpus(sentences: 200, seed: 21))
    var options = plantedOptions()
    options.heldOutPairs = pairs
    try checkpoint.checkFits(options: options, vocabulary: vocabulary, readsFixedParts: true)
    options.heldOutPairs = pairs - 1
    #expect(throws: TrainingError.self) {
      try checkpoint.checkFits(options: options, vocabulary: vocabulary, readsFixedParts: true)
    }
  }
}
