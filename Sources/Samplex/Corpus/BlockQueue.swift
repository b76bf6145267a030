import Dispatch
import Synchronization

/// A bounded queue of whole-line text blocks from one reader to many workers: how inputs that
/// cannot be split in place (standard input, a single-frame `.zst`) are shared out, as gensim's
/// job queue does.
///
/// At most `capacity` blocks wait at once, so memory stays constant in the corpus size.
package final class BlockQueue: Sendable {
  private struct State {
    var blocks: [[UInt8]] = []
    var head = 0
    var closed = false
    var failure: CorpusError?
  }
  private let state = Mutex(State())
  private let freeSlots: DispatchSemaphore
  private let available = DispatchSemaphore(value: 0)

  /// A queue holding at most `capacity` blocks.
  package init(capacity: Int) {
    precondition(capacity > 0, "a block queue needs room for at least one block")
    freeSlots = DispatchSemaphore(value: capacity)
  }

  /// Adds a block, waiting while the queue is full.
  package func push(_ block: [UInt8]) {
    freeSlots.wait()
    state.withLock { state in
      if state.head > 64 {
        state.blocks.removeFirst(state.head)
        state.head = 0
      }
      state.blocks.append(block)
    }
    available.signal()
  }

  /// Marks the end of the input, with the error that ended it, if any.
  package func close(failure: CorpusError? = nil) {
    state.withLock { state in
      state.closed = true
      if state.failure == nil { state.failure = failure }
    }
    available.signal()
  }

  /// The next block, or `nil` once the queue is closed and drained.
  package func pop() -> [UInt8]? {
    available.wait()
    let block: [UInt8]? = state.withLock { state in
      if state.head < state.blocks.count {
        defer { state.head += 1 }
        return state.blocks[state.head]
      }
      return nil
    }
    if block != nil {
      freeSlots.signal()
    } else {
      available.signal()  // closed and drained: wake the next waiting worker too
    }
    return block
  }

  /// The error that ended the input early, if any.
  package var failure: CorpusError? { state.withLock { $0.failure } }
}

/// One worker's view of a `BlockQueue`: the blocks it takes, as one byte stream.
package struct BlockQueueReader: ByteSource {
  private let queue: BlockQueue
  private var block: [UInt8] = []
  private var position = 0

  package init(queue: BlockQueue) { self.queue = queue }

  package mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CorpusError) -> Int
  {
    while position == block.count {
      guard let next = queue.pop() else {
        if let failure = queue.failure { throw failure }
        return 0
      }
      block = next
      position = 0
    }
    let count = min(buffer.count, block.count - position)
    block.withUnsafeBytes { bytes in
      buffer.baseAddress?.copyMemory(from: bytes.baseAddress! + position, byteCount: count)
    }
    position += count
    return count
  }
}

/// Cuts a sequential stream into whole-line blocks for a `BlockQueue`.
package struct BlockFeeder {
  /// The preferred block size: large enough that queue traffic is negligible.
  package static let blockSize = 1 << 20

  /// Reads `source` to its end, pushing blocks that end at a newline (or, inside a line longer
  /// than a block, at whitespace), then closes the queue.
  package static func feed(_ source: inout any ByteSource, into queue: BlockQueue) {
    var carry: [UInt8] = []
    do {
      while true {
        let chunk = try source.readBytes(count: blockSize)
        if chunk.isEmpty { break }
        let cut =
          chunk.lastIndex(of: TextBytes.newline)
          ?? chunk.lastIndex(where: TextBytes.isWhitespace) ?? (chunk.count - 1)
        carry.append(contentsOf: chunk[...cut])
        queue.push(carry)
        carry = Array(chunk[(cut + 1)...])
      }
      if !carry.isEmpty { queue.push(carry) }
      queue.close()
    } catch {
      queue.close(failure: error)
    }
  }
}
