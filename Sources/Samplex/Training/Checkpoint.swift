import Foundation

/// A run's state at the end of an epoch or inside one: enough to continue it exactly. The
/// epoch's windows, subsampling and candidates are drawn from generators seeded by (seed,
/// epoch, worker), so an epoch boundary needs no generator state: the model's tables, the
/// words seen (which set the learning rate), the held-out pairs and the cross-entropies so
/// far. A checkpoint inside an epoch (`part` > 0) adds each worker's `WorkerPosition`.
///
/// File layout (little-endian): the magic `SPXCKPT4`, then Int64s: epochs done, words seen,
/// vocabulary size, dimensions, held-out pairs, cross-entropies, part, the vocabulary's
/// fingerprint (`Vocabulary.fingerprint`, its bits as an Int64), the run's id and the digest of
/// its settings (`CheckpointFolder`, their bits as Int64s); then the held-out
/// contexts and centres (Int32s) and the cross-entropies (Float64s); with part > 0, the number
/// of workers and for each: finished, sentences, its two generators' states (4 UInt64s each),
/// held-out sentences, their lengths (Int64s) and ids (Int32s); last U, W and b (Float32s).
/// Files of the earlier layouts (`SPXCKPT1` to `SPXCKPT3`) name no run, so nothing tells whose
/// they are: they are refused with a sentence of their own.
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
  /// Each worker's position inside the epoch (empty at an epoch's end).
  public let positions: [WorkerPosition]
  /// The file and where its tables U, W and b begin: they are read straight into a model by
  /// `restore(into:)`, never held in memory beside it.
  let path: String
  let tablesOffset: Int

  static let magic = Array("SPXCKPT4".utf8)
  static let earlierMagics = ["SPXCKPT3", "SPXCKPT2", "SPXCKPT1"].map { Array($0.utf8) }
  /// The Int64s of the header after the magic.
  static let headerCount = 10
  /// How many checkpoints a run folder keeps: the newest two, so that one is always whole.
  public static let kept = 2

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
  /// inside the next one with `part` > 0 and the workers' positions), then removes all but the
  /// newest `kept` of this run's checkpoints in the folder; returns the path written.
  @discardableResult
  public static func write(
    model: Model, vocabulary: Vocabulary, epochsDone: Int, part: Int = 0, wordsSeen: Int,
    heldOut: HeldOutSet?, crossEntropies: [Double], positions: [WorkerPosition] = [],
    to folder: CheckpointFolder
  ) throws -> String {
    precondition((part == 0) == positions.isEmpty, "positions belong to checkpoints in an epoch")
    let stamp = Stamp(epochs: epochsDone, part: part)
    let target = path(in: folder, stamp: stamp)
    try AtomicFile.write(to: target) { file in
      func write<T>(_ values: [T]) throws {
        try values.withUnsafeBytes { try file.write(bytes: $0) }
      }
      func write(_ integers: Int...) throws { try write(integers.map { Int64($0).littleEndian }) }
      func write(_ random: Xoshiro256StarStar) throws {
        let (a, b, c, d) = random.state
        try write([a, b, c, d].map(\.littleEndian))
      }
      try write(magic)
      try write(
        epochsDone, wordsSeen, model.vocabularySize, model.dimensions, heldOut?.count ?? 0,
        crossEntropies.count, part, Int(Int64(bitPattern: vocabulary.fingerprint)),
        Int(Int64(bitPattern: folder.run.value)), Int(Int64(bitPattern: folder.settings)))
      try write(heldOut?.contexts ?? [])
      try write(heldOut?.centres ?? [])
      try write(crossEntropies)
      if part > 0 {
        try write(positions.count)
        for position in positions {
          try write(position.finished ? 1 : 0, position.sentences)
          try write(position.streamRandom)
          try write(position.lossRandom)
          try write(position.heldOut.count)
          try write(position.heldOut.map { Int64($0.count).littleEndian })
          for sentence in position.heldOut { try write(sentence) }
        }
      }
      for table in [model.input, model.output, model.bias] {
        try table.withValues { try file.write(bytes: UnsafeRawBufferPointer($0)) }
      }
    }
    // Another run's checkpoints are not this run's to count or remove (a folder holds one run,
    // but a file copied in by hand is still not this run's).
    let own = stamps(in: folder.path).filter {
      run(ofFileAt: path(in: folder, stamp: $0)) == folder.run
    }
    for old in own.dropLast(kept) {
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
  ///   cannot be read whole, `.checkpointOfEarlierVersion` for a layout that names no run.
  public static func latest(in directory: String) throws -> Checkpoint {
    guard let stamp = stamps(in: directory).last else {
      throw TrainingError.noCheckpoint(directory: directory)
    }
    return try read(path: path(in: directory, stamp: stamp))
  }

  /// Reads one checkpoint file: everything but the tables, which `restore(into:)` reads.
  public static func read(path: String) throws -> Checkpoint {
    func unreadable() -> TrainingError {
      .corruptCheckpoint(path: path, reason: "it cannot be read")
    }
    func endsEarly() -> TrainingError { .corruptCheckpoint(path: path, reason: "it ends early") }
    func damaged() -> TrainingError {
      .corruptCheckpoint(path: path, reason: "its header is damaged")
    }
    let file: OpenFile
    let size: Int
    do {
      file = try OpenFile(path: path)
      size = try file.size()
    } catch {
      throw unreadable()
    }
    // The fixed header (magic, then epochs, words seen, vocabulary size, dimensions…) says how
    // large the tables at the end are; everything before them is read and parsed.
    var fixed = [UInt8](repeating: 0, count: min(size, magic.count + 7 * 8))
    guard (try? fixed.withUnsafeMutableBytes { try file.fill($0, at: 0) }) == fixed.count else {
      throw unreadable()
    }
    let fileMagic = Array(fixed.prefix(magic.count))
    if earlierMagics.contains(fileMagic) {
      throw TrainingError.checkpointOfEarlierVersion(path: path)
    }
    guard fileMagic.count < magic.count || fileMagic == magic else {
      throw TrainingError.corruptCheckpoint(path: path, reason: "it is not a Samplex checkpoint")
    }
    guard fixed.count >= magic.count + 6 * 8 else { throw endsEarly() }
    let (words, dimensions) = fixed.withUnsafeBytes {
      (
        Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 24, as: Int64.self))),
        Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 32, as: Int64.self)))
      )
    }
    // Up to 2^40 words and 2^20 dimensions, so that the size below cannot overflow.
    guard (1...(1 << 40)).contains(words), (1...(1 << 20)).contains(dimensions),
      words.multipliedReportingOverflow(by: dimensions).partialValue <= 1 << 50
    else { throw damaged() }
    let tables = (2 * words * dimensions + words) * MemoryLayout<Float>.size
    guard tables <= size else { throw endsEarly() }
    var head = [UInt8](repeating: 0, count: size - tables)
    guard (try? head.withUnsafeMutableBytes { try file.fill($0, at: 0) }) == head.count else {
      throw unreadable()
    }
    return try head.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> Checkpoint in
      var offset = 0
      func take<T>(_ count: Int, as type: T.Type) throws -> [T] {
        let size = count.multipliedReportingOverflow(by: MemoryLayout<T>.size)
        guard count >= 0, !size.overflow, size.partialValue <= bytes.count - offset else {
          throw endsEarly()
        }
        defer { offset += size.partialValue }
        return (0..<count).map {
          bytes.loadUnaligned(fromByteOffset: offset + $0 * MemoryLayout<T>.size, as: T.self)
        }
      }
      func integers(_ count: Int) throws -> [Int] {
        try take(count, as: Int64.self).map { Int(Int64(littleEndian: $0)) }
      }
      func random() throws -> Xoshiro256StarStar {
        let words = try take(4, as: UInt64.self).map { UInt64(littleEndian: $0) }
        guard words.contains(where: { $0 != 0 }) else { throw damaged() }
        return Xoshiro256StarStar(state: (words[0], words[1], words[2], words[3]))
      }
      guard try take(magic.count, as: UInt8.self) == magic else {
        throw TrainingError.corruptCheckpoint(path: path, reason: "it is not a Samplex checkpoint")
      }
      let header = try integers(headerCount)
      guard header.prefix(7).allSatisfy({ $0 >= 0 }) else { throw damaged() }
      let (fingerprint, run, settings) = (
        UInt64(bitPattern: Int64(header[7])), RunID(value: UInt64(bitPattern: Int64(header[8]))),
        UInt64(bitPattern: Int64(header[9]))
      )
      let (pairs, entropies, part) = (header[4], header[5], header[6])
      let contexts = try take(pairs, as: Int32.self)
      let centres = try take(pairs, as: Int32.self)
      let crossEntropies = try take(entropies, as: Double.self)
      var positions: [WorkerPosition] = []
      if part > 0 {
        let workers = try integers(1)[0]
        guard (1...4096).contains(workers) else { throw damaged() }
        for _ in 0..<workers {
          let counts = try integers(2)
          let (streamRandom, lossRandom) = (try random(), try random())
          let lengths = try integers(try integers(1)[0])
          guard counts[1] >= 0, lengths.allSatisfy({ $0 >= 0 }) else { throw damaged() }
          positions.append(
            WorkerPosition(
              finished: counts[0] != 0, sentences: counts[1], streamRandom: streamRandom,
              lossRandom: lossRandom, heldOut: try lengths.map { try take($0, as: Int32.self) }))
        }
      }
      guard offset == bytes.count else {
        throw TrainingError.corruptCheckpoint(path: path, reason: "it has bytes past its end")
      }
      return Checkpoint(
        epochsDone: header[0], part: part, wordsSeen: header[1], vocabularySize: header[2],
        dimensions: header[3], vocabularyFingerprint: fingerprint, run: run, settings: settings,
        heldOut: pairs > 0 ? HeldOutSet(contexts: contexts, centres: centres) : nil,
        crossEntropies: crossEntropies, positions: positions, path: path, tablesOffset: offset)
    }
  }

  /// Reads the tables U, W and b from the file straight into `model`, which has this
  /// checkpoint's shapes.
  func restore(into model: Model) throws {
    precondition(
      model.vocabularySize == vocabularySize && model.dimensions == dimensions,
      "the model must have the checkpoint's shapes")
    do {
      let file = try OpenFile(path: path)
      var offset = tablesOffset
      for table in [model.input, model.output, model.bias] {
        let read = try table.withValues {
          try file.fill(UnsafeMutableRawBufferPointer($0), at: offset)
        }
        guard read == table.withValues({ $0.count }) * MemoryLayout<Float>.size else {
          throw TrainingError.corruptCheckpoint(path: path, reason: "it ends early")
        }
        offset += read
      }
    } catch let error as TrainingError {
      throw error
    } catch {
      throw TrainingError.corruptCheckpoint(path: path, reason: "it cannot be read")
    }
  }
}
