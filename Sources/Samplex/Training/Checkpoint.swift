import Foundation

/// A run's state at the end of an epoch or inside one: enough to continue it exactly. The
/// epoch's windows, subsampling and candidates are drawn from generators seeded by (seed,
/// epoch, worker), so an epoch boundary needs no generator state: the model's tables, the
/// words seen (which set the learning rate), the held-out pairs and the cross-entropies so
/// far. A checkpoint inside an epoch (`part` > 0) adds each worker's `WorkerPosition`: of every
/// process, in rank order, when several processes trained the model together (`mpirun`), whose
/// number it records, so that a resume goes on with as many.
///
/// File layout (little-endian): the magic `SPXCKPT6`, then Int64s: epochs done, words seen,
/// vocabulary size, dimensions, held-out pairs, cross-entropies, part, the vocabulary's
/// fingerprint (`Vocabulary.fingerprint`, its bits as an Int64), the run's id and the digest of
/// its settings (`CheckpointFolder`, their bits as Int64s), the number of processes; then the
/// held-out contexts and centres (Int32s) and the cross-entropies (Float64s); with part > 0,
/// the number of workers of all processes and for each (`EncodedPositions`): finished,
/// sentences, its two generators' states (4 UInt64s each), held-out sentences, their lengths
/// (Int64s) and ids (Int32s); then U, W and b (Float32s); last the `CheckpointChecksum` of every
/// byte before it (a UInt64). Files of the earlier layouts are refused with a sentence of their
/// own: `SPXCKPT1` to `SPXCKPT4` carry no checksum, so nothing shows whether they are whole, and
/// `SPXCKPT5` does not record how many processes wrote it.
public struct Checkpoint: Sendable {
  public let epochsDone: Int
  /// 0 at an epoch's end; inside epoch `epochsDone + 1`, the number of the checkpoint there.
  public let part: Int
  public let wordsSeen: Int
  public let vocabularySize: Int
  public let dimensions: Int
  /// The fingerprint of the vocabulary the tables were trained with.
  public let vocabularyFingerprint: UInt64
  /// The run that wrote it, and the digest of that run's settings (`ResumeSettings.digest`).
  public let run: RunID
  public let settings: UInt64
  public let heldOut: HeldOutSet?
  public let crossEntropies: [Double]
  /// The processes that trained the model together (1 without `mpirun`).
  public let processes: Int
  /// Each worker's position inside the epoch, those of process 0 first (empty at an epoch's
  /// end).
  package let positions: [WorkerPosition]
  /// The file and where its tables U, W and b begin: they are read straight into a model by
  /// `restore(into:)`, never held in memory beside it.
  let path: String
  let tablesOffset: Int
  /// The checksum of the bytes before the tables, which `restore(into:)` carries on over the
  /// tables it reads, and the sum the file ends with.
  let headChecksum: CheckpointChecksum
  let checksum: UInt64

  static let magic = Array("SPXCKPT6".utf8)
  /// The magics of the earlier layouts, by version.
  static let earlierMagics = (1...5).map { Array("SPXCKPT\($0)".utf8) }
  /// The Int64s of the header after the magic.
  static let headerCount = 11
  /// Which checkpoint of a run a file holds: epochs done, and the part of the next epoch.
  public struct Stamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var epochs: Int
    public var part: Int

    public init(epochs: Int, part: Int = 0) {
      self.epochs = epochs
      self.part = part
    }

    public static func < (a: Stamp, b: Stamp) -> Bool { (a.epochs, a.part) < (b.epochs, b.part) }

    /// `2` after epoch 2, `2.1` for the first checkpoint inside epoch 3.
    public var description: String { part == 0 ? "\(epochs)" : "\(epochs).\(part)" }

    /// The stamp of a checkpoint's file name (`checkpoint-2.bin`, `checkpoint-2.1.bin`), or nil
    /// for any other name.
    public init?(fileName name: String) {
      guard name.hasPrefix("checkpoint-"), name.hasSuffix(".bin") else { return nil }
      let numbers = name.dropFirst("checkpoint-".count).dropLast(".bin".count)
        .split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
      switch numbers.count {
      case 1:
        guard let epochs = numbers[0] else { return nil }
        self.init(epochs: epochs)
      case 2:
        guard let epochs = numbers[0], let part = numbers[1] else { return nil }
        self.init(epochs: epochs, part: part)
      default: return nil
      }
    }
  }

  public var stamp: Stamp { Stamp(epochs: epochsDone, part: part) }

  /// The path of the checkpoint `stamp`: `checkpoint-2.bin`, `checkpoint-2.1.bin`.
  public static func path(in directory: String, stamp: Stamp) -> String {
    directory + "/checkpoint-\(stamp).bin"
  }

  /// The path of the checkpoint `stamp` in a run's checkpoint folder.
  public static func path(in folder: CheckpointFolder, stamp: Stamp) -> String {
    path(in: folder.path, stamp: stamp)
  }

  /// The path of the checkpoint after `epochs` epochs.
  public static func path(in directory: String, epochs: Int) -> String {
    path(in: directory, stamp: Stamp(epochs: epochs))
  }

  /// Writes the state of a run with `vocabulary` atomically (after `epochsDone` epochs, or
  /// inside the next one with `part` > 0 and the workers' positions, those of all `processes`),
  /// then removes this run's checkpoints newer than it and all but the newest `folder.kept` of
  /// the rest; returns the path written.
  @discardableResult
  package static func write(
    model: Model, vocabulary: Vocabulary, epochsDone: Int, part: Int = 0, wordsSeen: Int,
    heldOut: HeldOutSet?, crossEntropies: [Double],
    positions: EncodedPositions = EncodedPositions([]), processes: Int = 1,
    to folder: CheckpointFolder
  ) throws -> String {
    precondition(
      (part == 0) == (positions.count == 0), "positions belong to checkpoints in an epoch")
    precondition(positions.count % processes == 0, "as many positions for every process")
    let stamp = Stamp(epochs: epochsDone, part: part)
    let target = path(in: folder, stamp: stamp)
    try AtomicFile.write(to: target) { file in
      // Every byte goes into the checksum as it is written; the sum itself ends the file.
      var checksum = CheckpointChecksum()
      func write(bytes: UnsafeRawBufferPointer) throws {
        checksum.add(bytes)
        try file.write(bytes: bytes)
      }
      func write<T>(_ values: [T]) throws {
        try values.withUnsafeBytes { try write(bytes: $0) }
      }
      func write(_ integers: Int...) throws { try write(integers.map { Int64($0).littleEndian }) }
      try write(magic)
      try write(
        epochsDone, wordsSeen, model.vocabularySize, model.dimensions, heldOut?.count ?? 0,
        crossEntropies.count, part, Int(Int64(bitPattern: vocabulary.fingerprint)),
        Int(Int64(bitPattern: folder.run.value)), Int(Int64(bitPattern: folder.settings)),
        processes)
      try write(heldOut?.contexts ?? [])
      try write(heldOut?.centres ?? [])
      try write(crossEntropies)
      if part > 0 {
        try write(positions.count)
        try write(positions.bytes)
      }
      for table in [model.input, model.output, model.bias] {
        try table.withValues { try write(bytes: UnsafeRawBufferPointer($0)) }
      }
      try [checksum.value.littleEndian].withUnsafeBytes { try file.write(bytes: $0) }
    }
    // Another run's checkpoints are not this run's to count or remove (a folder holds one run,
    // but a file copied in by hand is still not this run's).
    let own = stamps(in: folder.path).filter {
      run(ofFileAt: path(in: folder, stamp: $0)) == folder.run
    }
    // Stamps past this one are of the run's abandoned future: a resume passed over them as
    // damaged (`newestWholeCheckpoint`) and went on from an earlier one. They go first, so that
    // those kept are this one and the ones before it (a file whose header no longer names
    // the run cannot be counted as its own, and stays).
    for old in own.filter({ $0 > stamp }) + own.filter({ $0 <= stamp }).dropLast(folder.kept) {
      try? FileManager.default.removeItem(atPath: path(in: folder, stamp: old))
    }
    return target
  }

  /// The stamps of the folder's checkpoints, oldest first.
  public static func stamps(in directory: String) -> [Stamp] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.compactMap(Stamp.init(fileName:)).sorted()
  }

  /// The epochs done of the folder's checkpoints, oldest first.
  public static func epochs(in directory: String) -> [Int] { stamps(in: directory).map(\.epochs) }

  /// Reads the newest checkpoint of `directory`, whichever run wrote it (`checkBelongs(to:)`
  /// tells).
  /// - Throws: `TrainingError.noCheckpoint` when there is none, `.corruptCheckpoint` when it
  ///   cannot be read whole, `.checkpointOfEarlierVersion` for a layout without a checksum.
  public static func latest(in directory: String) throws -> Checkpoint {
    guard let stamp = stamps(in: directory).last else {
      throw TrainingError.noCheckpoint(directory: directory)
    }
    return try read(path: path(in: directory, stamp: stamp))
  }
}
