/// The values of a checkpoint's bytes before its tables (`Checkpoint` gives the layout), parsed
/// with every count bounded by the bytes left, so that no damaged count allocates or reads past
/// the end. Whether the values make sense is `Checkpoint.rangeProblem`'s question, asked after
/// the checksum.
struct CheckpointFields {
  /// The Int64s after the magic (`Checkpoint.headerCount`).
  var header: [Int] = []
  var contexts: [Int32] = []
  var centres: [Int32] = []
  var crossEntropies: [Double] = []
  var positions: [WorkerPosition] = []

  var part: Int { header[6] }
  var fingerprint: UInt64 { UInt64(bitPattern: Int64(header[7])) }
  var run: RunID { RunID(value: UInt64(bitPattern: Int64(header[8]))) }
  var settings: UInt64 { UInt64(bitPattern: Int64(header[9])) }
  var processes: Int { header[10] }

  private init() {}

  /// Parses `head`, the bytes of the file at `path` before its tables.
  /// - Throws: `TrainingError.corruptCheckpoint` when a count is negative or impossible, or the
  ///   bytes end before the values or go on past them.
  init(_ head: [UInt8], path: String) throws {
    func damaged(_ reason: String) -> TrainingError {
      .corruptCheckpoint(path: path, reason: reason)
    }
    self = try head.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws -> CheckpointFields in
      var fields = CheckpointFields()
      var offset = 0
      func take<T>(_ count: Int, as type: T.Type) throws -> [T] {
        let size = count.multipliedReportingOverflow(by: MemoryLayout<T>.size)
        guard count >= 0, !size.overflow, size.partialValue <= bytes.count - offset else {
          throw damaged("it ends early")
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
        // An all-zero state would draw zeros for ever: no generator is ever in it.
        guard words.contains(where: { $0 != 0 }) else { throw damaged("its header is damaged") }
        return Xoshiro256StarStar(state: (words[0], words[1], words[2], words[3]))
      }
      guard try take(Checkpoint.magic.count, as: UInt8.self) == Checkpoint.magic else {
        throw damaged("it is not a Samplex checkpoint")
      }
      fields.header = try integers(Checkpoint.headerCount)
      guard fields.header.prefix(7).allSatisfy({ $0 >= 0 }) else {
        throw damaged("its header is damaged")
      }
      let (pairs, entropies) = (fields.header[4], fields.header[5])
      fields.contexts = try take(pairs, as: Int32.self).map { Int32(littleEndian: $0) }
      fields.centres = try take(pairs, as: Int32.self).map { Int32(littleEndian: $0) }
      fields.crossEntropies = try take(entropies, as: UInt64.self).map {
        Double(bitPattern: UInt64(littleEndian: $0))
      }
      if fields.part > 0 {
        let workers = try integers(1)[0]
        guard (1...Checkpoint.maxPositions).contains(workers) else {
          throw damaged("its header is damaged")
        }
        for _ in 0..<workers {
          let counts = try integers(2)
          let (streamRandom, lossRandom) = (try random(), try random())
          let lengths = try integers(try integers(1)[0])
          guard counts[0] == 0 || counts[0] == 1, counts[1] >= 0, lengths.allSatisfy({ $0 >= 0 })
          else { throw damaged("its header is damaged") }
          fields.positions.append(
            WorkerPosition(
              finished: counts[0] == 1, sentences: counts[1], streamRandom: streamRandom,
              lossRandom: lossRandom,
              heldOut: try lengths.map {
                try take($0, as: Int32.self).map { Int32(littleEndian: $0) }
              }))
        }
      }
      guard offset == bytes.count else { throw damaged("it has bytes past its end") }
      return fields
    }
  }
}
