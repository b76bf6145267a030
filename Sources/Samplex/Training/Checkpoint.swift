import Foundation

/// A run's state at the end of an epoch: enough to continue it exactly. The epoch's windows,
/// subsampling and candidates are drawn from generators seeded by (seed, epoch, worker), so an
/// epoch boundary needs no generator state: the model's tables, the words seen (which set the
/// learning rate), the held-out pairs and the cross-entropies so far.
///
/// File layout (little-endian): the magic `SPXCKPT1`, then Int64s: epochs done, words seen,
/// vocabulary size, dimensions, held-out pairs, cross-entropies; then the held-out contexts
/// and centres (Int32s), the cross-entropies (Float64s), and U, W and b (Float32s).
public struct Checkpoint: Sendable {
  public let epochsDone: Int
  public let wordsSeen: Int
  public let vocabularySize: Int
  public let dimensions: Int
  public let heldOut: HeldOutSet?
  public let crossEntropies: [Double]
  public let input: [Float]
  public let output: [Float]
  public let bias: [Float]

  static let magic = Array("SPXCKPT1".utf8)
  /// How many checkpoints a run folder keeps: the newest two, so that one is always whole.
  public static let kept = 2

  /// The path of the checkpoint after `epochs` epochs.
  public static func path(in directory: String, epochs: Int) -> String {
    directory + "/checkpoint-\(epochs).bin"
  }

  /// Writes the state after `epochsDone` epochs atomically, then removes all but the newest
  /// `kept` checkpoints of the folder.
  public static func write(
    model: Model, epochsDone: Int, wordsSeen: Int, heldOut: HeldOutSet?,
    crossEntropies: [Double], to directory: String
  ) throws {
    try AtomicFile.write(to: path(in: directory, epochs: epochsDone)) { file in
      func write<T>(_ values: [T]) throws {
        try values.withUnsafeBytes { try file.write(bytes: $0) }
      }
      try write(magic)
      try write(
        [
          epochsDone, wordsSeen, model.vocabularySize, model.dimensions, heldOut?.count ?? 0,
          crossEntropies.count,
        ].map { Int64($0).littleEndian })
      try write(heldOut?.contexts ?? [])
      try write(heldOut?.centres ?? [])
      try write(crossEntropies)
      for table in [model.input, model.output, model.bias] {
        try table.withValues { try file.write(bytes: UnsafeRawBufferPointer($0)) }
      }
    }
    for old in epochs(in: directory).dropLast(kept) {
      try? FileManager.default.removeItem(atPath: path(in: directory, epochs: old))
    }
  }

  /// The epoch counts of the folder's checkpoints, oldest first.
  public static func epochs(in directory: String) -> [Int] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.compactMap { name -> Int? in
      guard name.hasPrefix("checkpoint-"), name.hasSuffix(".bin") else { return nil }
      return Int(name.dropFirst("checkpoint-".count).dropLast(".bin".count))
    }.sorted()
  }

  /// Reads the newest checkpoint of `directory`.
  /// - Throws: `TrainingError.noCheckpoint` when there is none, `.corruptCheckpoint` when it
  ///   cannot be read whole.
  public static func latest(in directory: String) throws -> Checkpoint {
    guard let epochs = epochs(in: directory).last else {
      throw TrainingError.noCheckpoint(directory: directory)
    }
    return try read(path: path(in: directory, epochs: epochs))
  }

  /// Reads one checkpoint file.
  public static func read(path: String) throws -> Checkpoint {
    let data: [UInt8]
    do {
      data = try OpenFile(path: path).contents()
    } catch {
      throw TrainingError.corruptCheckpoint(path: path, reason: "it cannot be read")
    }
    return try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> Checkpoint in
      var offset = 0
      func take<T>(_ count: Int, as type: T.Type) throws -> [T] {
        let size = count * MemoryLayout<T>.size
        guard count >= 0, offset + size <= bytes.count else {
          throw TrainingError.corruptCheckpoint(path: path, reason: "it ends early")
        }
        defer { offset += size }
        return (0..<count).map {
          bytes.loadUnaligned(fromByteOffset: offset + $0 * MemoryLayout<T>.size, as: T.self)
        }
      }
      guard try take(magic.count, as: UInt8.self) == magic else {
        throw TrainingError.corruptCheckpoint(path: path, reason: "it is not a Samplex checkpoint")
      }
      let header = try take(6, as: Int64.self).map { Int(Int64(littleEndian: $0)) }
      guard header.allSatisfy({ $0 >= 0 }), header[2] >= 1, header[3] >= 1 else {
        throw TrainingError.corruptCheckpoint(path: path, reason: "its header is damaged")
      }
      let (pairs, entropies) = (header[4], header[5])
      let contexts = try take(pairs, as: Int32.self)
      let centres = try take(pairs, as: Int32.self)
      let crossEntropies = try take(entropies, as: Double.self)
      let cells = header[2] * header[3]
      let checkpoint = Checkpoint(
        epochsDone: header[0], wordsSeen: header[1], vocabularySize: header[2],
        dimensions: header[3],
        heldOut: pairs > 0 ? HeldOutSet(contexts: contexts, centres: centres) : nil,
        crossEntropies: crossEntropies, input: try take(cells, as: Float.self),
        output: try take(cells, as: Float.self), bias: try take(header[2], as: Float.self))
      guard offset == bytes.count else {
        throw TrainingError.corruptCheckpoint(path: path, reason: "it has bytes past its end")
      }
      return checkpoint
    }
  }

  /// Copies the tables into `model`.
  func restore(into model: Model) {
    for (values, table) in [(input, model.input), (output, model.output), (bias, model.bias)] {
      table.withValues { target in
        values.withUnsafeBufferPointer { _ = target.initialize(from: $0) }
      }
    }
  }
}
