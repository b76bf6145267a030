/// Reading a checkpoint file, which may be cut, padded, damaged or not a checkpoint at all:
/// every count is bounded by the file's size before anything is allocated, the checksum is
/// verified before any value is believed, and every value is range-checked before it is used.
extension Checkpoint {
  /// The bytes of the sum that ends the file.
  static let checksumSize = MemoryLayout<UInt64>.size

  /// Reads one checkpoint file: everything but the tables, which `restore(into:)` reads; the
  /// whole file's checksum is verified first.
  /// - Throws: `TrainingError.corruptCheckpoint` naming what is wrong,
  ///   `.checkpointOfEarlierVersion` for a layout without a checksum.
  public static func read(path: String) throws -> Checkpoint {
    func damaged(_ reason: String) -> TrainingError {
      .corruptCheckpoint(path: path, reason: reason)
    }
    let unreadable = damaged("it cannot be read")
    let endsEarly = damaged("it ends early")
    let file: OpenFile
    let size: Int
    do {
      file = try OpenFile(path: path)
      size = try file.size()
    } catch {
      throw unreadable
    }
    // The fixed header (magic, then epochs, words seen, vocabulary size, dimensions…) says how
    // large the tables at the end are; everything before them is read and parsed.
    var fixed = [UInt8](repeating: 0, count: min(size, magic.count + 7 * 8))
    guard (try? fixed.withUnsafeMutableBytes { try file.fill($0, at: 0) }) == fixed.count else {
      throw unreadable
    }
    let fileMagic = Array(fixed.prefix(magic.count))
    if let version = earlierMagics.firstIndex(of: fileMagic) {
      throw TrainingError.checkpointOfEarlierVersion(path: path, version: version + 1)
    }
    guard fileMagic.count < magic.count || fileMagic == magic else {
      throw damaged("it is not a Samplex checkpoint")
    }
    guard fixed.count >= magic.count + 6 * 8 else { throw endsEarly }
    let (words, dimensions) = fixed.withUnsafeBytes {
      (
        Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 24, as: Int64.self))),
        Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 32, as: Int64.self)))
      )
    }
    // Up to 2^40 words and 2^20 dimensions, so that the size below cannot overflow.
    guard (1...(1 << 40)).contains(words), (1...(1 << 20)).contains(dimensions),
      words.multipliedReportingOverflow(by: dimensions).partialValue <= 1 << 50
    else { throw damaged("its header is damaged") }
    let tables = (2 * words * dimensions + words) * MemoryLayout<Float>.size
    guard tables + checksumSize <= size else { throw endsEarly }
    var head = [UInt8](repeating: 0, count: size - tables - checksumSize)
    guard (try? head.withUnsafeMutableBytes { try file.fill($0, at: 0) }) == head.count else {
      throw unreadable
    }
    let fields = try CheckpointFields(head, path: path)
    var headChecksum = CheckpointChecksum()
    headChecksum.add(head)
    guard let sums = try? sums(of: file, from: head.count, tables: tables, after: headChecksum)
    else { throw unreadable }
    guard sums.computed == sums.stored else {
      throw damaged("its checksum does not match its contents")
    }
    let checkpoint = Checkpoint(
      epochsDone: fields.header[0], part: fields.part, wordsSeen: fields.header[1],
      vocabularySize: words, dimensions: dimensions, vocabularyFingerprint: fields.fingerprint,
      run: fields.run, settings: fields.settings,
      heldOut: fields.contexts.isEmpty
        ? nil : HeldOutSet(contexts: fields.contexts, centres: fields.centres),
      crossEntropies: fields.crossEntropies, processes: fields.processes,
      positions: fields.positions, path: path,
      tablesOffset: head.count, headChecksum: headChecksum, checksum: sums.stored)
    if let problem = checkpoint.rangeProblem { throw damaged(problem) }
    return checkpoint
  }

  /// The checksum of the whole file, from `headChecksum` on over `tables` bytes read in pieces
  /// from `offset`, and the sum stored after them.
  private static func sums(
    of file: OpenFile, from offset: Int, tables: Int, after headChecksum: CheckpointChecksum
  ) throws -> (computed: UInt64, stored: UInt64) {
    var checksum = headChecksum
    var piece = [UInt8](repeating: 0, count: min(tables, 1 << 20))
    var done = 0
    while done < tables {
      let count = min(piece.count, tables - done)
      let read = try piece.withUnsafeMutableBytes {
        try file.fill(UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]), at: offset + done)
      }
      guard read == count else { throw ShortRead() }
      piece.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      done += count
    }
    return (checksum.value, try storedChecksum(of: file, at: offset + tables))
  }

  /// The sum that ends the file, at `offset`.
  private static func storedChecksum(of file: OpenFile, at offset: Int) throws -> UInt64 {
    var stored: UInt64 = 0
    let read = try withUnsafeMutableBytes(of: &stored) { try file.fill($0, at: offset) }
    guard read == checksumSize else { throw ShortRead() }
    return UInt64(littleEndian: stored)
  }

  /// Reads the tables U, W and b from the file straight into `model`, which has this
  /// checkpoint's shapes, checking them against the file's checksum again as they come (the
  /// file may have changed since it was read).
  func restore(into model: Model) throws {
    precondition(
      model.vocabularySize == vocabularySize && model.dimensions == dimensions,
      "the model must have the checkpoint's shapes")
    var checksum = headChecksum
    do {
      let file = try OpenFile(path: path)
      var offset = tablesOffset
      for table in [model.input, model.output, model.bias] {
        let read = try table.withValues {
          let bytes = UnsafeMutableRawBufferPointer($0)
          let read = try file.fill(bytes, at: offset)
          checksum.add(UnsafeRawBufferPointer(rebasing: bytes[0..<read]))
          return read
        }
        guard read == table.withValues({ $0.count }) * MemoryLayout<Float>.size else {
          throw TrainingError.corruptCheckpoint(path: path, reason: "it ends early")
        }
        offset += read
      }
      guard checksum.value == self.checksum else {
        throw TrainingError.corruptCheckpoint(
          path: path, reason: "its checksum does not match its contents")
      }
    } catch let error as TrainingError {
      throw error
    } catch {
      throw TrainingError.corruptCheckpoint(path: path, reason: "it cannot be read")
    }
  }
}

/// The file ended before a piece the checksum needs (it shrank after its size was read).
private struct ShortRead: Error {}
