import Dispatch
import Foundation
import Synchronization

/// Rows of float32s as lines of text, each value its shortest round-tripping decimal (what
/// `String(value)` gives, and gensim's `repr`), so that reading the text back gives the same
/// floats. Used by word2vec's text format and the projector's `tensors.tsv`.
///
/// Printing one value takes about 70 ns here, so the 4.9 million values of a 48,803 × 100 model
/// kept one core busy for a third of a second or more, most of the time a training run spent
/// writing its folder. The rows are therefore formatted a block per core at once, into buffers
/// of their own, and the blocks written in order; each value is printed straight into its
/// block's bytes, without a `String` of its own or a joined line.
enum DecimalRows {
  /// Rows a block; a block of 100-value rows is about a megabyte of text.
  static let blockRows = 1024

  /// Writes rows `0..<rows` of `values` (row-major, `dimensions` values a row) to `file`: each
  /// line is `lead(row)` (nothing when it returns nil), then the values separated by
  /// `separator`, then a newline.
  static func write(
    rows: Int, dimensions: Int, values: UnsafeBufferPointer<Float>, separator: Character,
    lead: @Sendable (Int) -> String?, into file: inout AtomicFile
  ) throws {
    precondition(values.count >= rows * dimensions, "the values must hold every row")
    let blocks = (rows + blockRows - 1) / blockRows
    let cores = ProcessInfo.processInfo.activeProcessorCount
    // Read by every formatting thread while nothing writes them: the caller holds the table or
    // array they come from until this returns.
    nonisolated(unsafe) let values = values
    var first = 0
    while first < blocks {
      let count = min(cores, blocks - first)
      let texts = Mutex<[[UInt8]]>(Array(repeating: [], count: count))
      let start = first
      DispatchQueue.concurrentPerform(iterations: count) { k in
        let block = start + k
        let lines = format(
          rows: (block * blockRows)..<min(rows, (block + 1) * blockRows), dimensions: dimensions,
          values: values, separator: separator, lead: lead)
        texts.withLock { $0[k] = lines }
      }
      for text in texts.withLock({ $0 }) {
        try text.withUnsafeBytes { try file.write(bytes: $0) }
      }
      first += count
    }
  }

  private static func format(
    rows: Range<Int>, dimensions d: Int, values: UnsafeBufferPointer<Float>, separator: Character,
    lead: (Int) -> String?
  ) -> [UInt8] {
    var text = ByteText()
    text.bytes.reserveCapacity(rows.count * d * 12)
    let separator = separator.asciiValue!
    for row in rows {
      var first = true
      if let lead = lead(row) {
        text.write(lead)
        first = false
      }
      for j in 0..<d {
        if !first { text.bytes.append(separator) }
        first = false
        values[row * d + j].write(to: &text)
      }
      text.bytes.append(0x0A)
    }
    return text.bytes
  }
}

/// Bytes that `TextOutputStreamable` values print into: a float's text is a small string kept
/// inline, so printing allocates nothing.
private struct ByteText: TextOutputStream {
  var bytes: [UInt8] = []

  mutating func write(_ string: String) {
    var string = string
    string.withUTF8 { bytes.append(contentsOf: $0) }
  }
}
