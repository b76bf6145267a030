/// Workers' positions (`WorkerPosition`) in the bytes a checkpoint holds them in (`Checkpoint`
/// gives the layout), so that process 0 of several writes the positions every process sends it
/// (`ProcessGroup.gather`) as they came, in rank order, without reading them back.
package struct EncodedPositions: Sendable, Equatable {
  /// How many positions the bytes hold.
  package private(set) var count = 0
  package private(set) var bytes: [UInt8] = []

  package init(_ positions: [WorkerPosition]) {
    for position in positions { append(position) }
  }

  /// The positions of several processes, one after the other.
  package init(joining parts: [EncodedPositions]) {
    for part in parts {
      count += part.count
      bytes += part.bytes
    }
  }

  /// The count (an Int64) and the bytes, for another process.
  package var message: [UInt8] {
    withUnsafeBytes(of: Int64(count).littleEndian) { Array($0) } + bytes
  }

  /// The positions a process sent as `message`.
  package init(message: [UInt8]) {
    count = Int(
      Int64(littleEndian: message.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
    bytes = Array(message.dropFirst(MemoryLayout<Int64>.size))
  }

  private mutating func append(_ position: WorkerPosition) {
    func append(_ integers: Int...) {
      for integer in integers {
        withUnsafeBytes(of: Int64(integer).littleEndian) { bytes.append(contentsOf: $0) }
      }
    }
    func append(_ random: Xoshiro256StarStar) {
      let (a, b, c, d) = random.state
      for word in [a, b, c, d] {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
      }
    }
    count += 1
    append(position.finished ? 1 : 0, position.sentences)
    append(position.streamRandom)
    append(position.lossRandom)
    append(position.heldOut.count)
    for sentence in position.heldOut { append(sentence.count) }
    for sentence in position.heldOut {
      for id in sentence { withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) } }
    }
  }
}
