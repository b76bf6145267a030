import Foundation

/// Reads vectors in word2vec's formats as gensim and word2vec.c write them: a header line
/// `count dimensions`, then one row per word, `word v1 … vd` as text, or `word ` followed by
/// d little-endian float32s (and usually a newline) in the binary format.
public enum Word2VecReader {
  /// The format a path's extension implies: `.bin` is binary, anything else text.
  public static func format(forPath path: String) -> Word2VecWriter.Format {
    path.hasSuffix(".bin") ? .binary : .text
  }

  /// Reads the vectors file at `path`.
  /// - Throws: `VectorFileError` naming the line (text) or byte offset (binary) of the first
  ///   problem: a bad header, a row with the wrong number of values, a value that is not a
  ///   number, or a file shorter than its header says; `.nonFinite` naming the row (and its
  ///   word) of a NaN or infinite value.
  public static func read(path: String, format: Word2VecWriter.Format? = nil) throws
    -> WordVectors
  {
    let format = format ?? self.format(forPath: path)
    var bytes = try contents(ofFileAt: path, format: format)
    // A terminating zero lets `strtof` stop at the end of the buffer.
    bytes.append(0)
    return try bytes.withUnsafeBufferPointer { buffer in
      var parser = Parser(bytes: buffer, count: buffer.count - 1, path: path)
      let (count, dimensions) = try parser.header()
      switch format {
      case .text: return try parser.textRows(count: count, dimensions: dimensions)
      case .binary: return try parser.binaryRows(count: count, dimensions: dimensions)
      }
    }
  }

  /// The bytes of the file at `path`, read only once its header's promise is checked: a
  /// regular file must be large enough for the rows × dimensions the header announces (at their
  /// shortest) and fit the memory available; a device is read no further than those rows take
  /// at their longest. Before, a path to `/dev/zero` grew by 1 GB/s until the process was killed.
  private static func contents(ofFileAt path: String, format: Word2VecWriter.Format) throws
    -> [UInt8]
  {
    let file = try VectorFileError.open(path, wanted: "a vectors file")
    let available = AvailableMemory.bytes() ?? .max
    do {
      let size = file.isRegularFile ? try file.size() : nil
      var head = [UInt8](repeating: 0, count: min(size ?? 4096, 4096))
      let headCount = try head.withUnsafeMutableBytes { try file.fill($0, at: 0) }
      head = Array(head.prefix(headCount)) + [0]
      let (rows, dimensions, headerBytes) = try head.withUnsafeBufferPointer { buffer in
        var parser = Parser(bytes: buffer, count: buffer.count - 1, path: path)
        let (rows, dimensions) = try parser.header()
        return (rows, dimensions, parser.offset)
      }
      guard let size else {
        // A value takes at most 32 bytes as text (4 in binary) and a word 1 KiB, far past what
        // any writer puts there.
        let longestRow = (format == .text ? 32 : 4) * dimensions + 1024
        let limit = min(
          MemoryCheck.sum([MemoryCheck.product(rows, longestRow), headerBytes]) ?? .max, available)
        guard let bytes = try file.contents(limit: limit) else {
          throw VectorFileError.tooLarge(path: path, size: nil, available: limit)
        }
        return bytes
      }
      // Each text value takes a digit and a separator at least; each binary one, 4 bytes, and a
      // binary row a space after its word.
      let shortestRow = format == .text ? 2 * dimensions : 4 * dimensions + 1
      let needs = MemoryCheck.sum([MemoryCheck.product(rows, shortestRow), headerBytes])
      guard let needs, needs <= size else {
        throw VectorFileError.shorterThanHeader(
          path: path, rows: rows, dimensions: dimensions, needs: needs, size: size)
      }
      guard size <= available, let bytes = try file.contents(limit: size) else {
        throw VectorFileError.tooLarge(path: path, size: size, available: available)
      }
      return bytes
    } catch let error as VectorFileError {
      throw error
    } catch {
      throw VectorFileError.notFound(path: path)
    }
  }

  private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Bytes of the file (the buffer holds one more, a zero).
    let count: Int
    let path: String
    var offset = 0
    var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>, count: Int, path: String) {
      self.bytes = bytes
      self.count = count
      self.path = path
    }

    /// The end of the line starting at `offset` (the index of its newline, or the file's end).
    func lineEnd() -> Int {
      var end = offset
      while end < count, bytes[end] != 0x0A { end += 1 }
      return end
    }

    mutating func header() throws -> (count: Int, dimensions: Int) {
      guard count > 0 else { throw VectorFileError.empty(path: path) }
      let end = lineEnd()
      let text = String(decoding: bytes[offset..<min(end, offset + 200)], as: UTF8.self)
      let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard fields.count == 2, let words = Int(fields[0]), let dimensions = Int(fields[1]),
        words >= 0, dimensions >= 1, dimensions <= 1_000_000
      else { throw VectorFileError.malformedHeader(path: path, found: text) }
      offset = min(end + 1, count)
      line = 2
      return (words, dimensions)
    }

    /// Reserves room for the rows the header announces, but never for more than the file's
    /// bytes can hold: a header is only a claim (a damaged one asked for terabytes).
    func reserve(
      _ words: inout [String], _ values: inout [Float], rows: Int, dimensions: Int,
      shortestRow: Int
    ) {
      let possible = min(rows, count / shortestRow + 1)
      words.reserveCapacity(possible)
      values.reserveCapacity(possible * dimensions)
    }

    /// Refuses the row just read (the last word, and `values`' last `dimensions` floats) when a
    /// value is NaN or infinite: `strtof` reads "nan" and "inf", and binary rows hold any bits.
    func requireFinite(_ values: [Float], _ words: [String], dimensions: Int) throws {
      for value in values[(values.count - dimensions)...] where !value.isFinite {
        throw VectorFileError.nonFinite(path: path, row: words.count, word: words[words.count - 1])
      }
    }

    mutating func textRows(count rows: Int, dimensions: Int) throws -> WordVectors {
      var words: [String] = []
      var values: [Float] = []
      // The shortest text row is a one-byte word and `dimensions` values of " 0".
      reserve(&words, &values, rows: rows, dimensions: dimensions, shortestRow: 1 + 2 * dimensions)
      while words.count < rows {
        guard offset < count else {
          throw VectorFileError.truncated(
            path: path, offset: count, rowsRead: words.count, rowsExpected: rows)
        }
        let end = lineEnd()
        var field = offset
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        while field < end, !isSpace(bytes[field]) { field += 1 }
        guard field > offset else {
          throw VectorFileError.malformedRow(path: path, line: line, reason: "the line has no word")
        }
        words.append(String(decoding: bytes[offset..<field], as: UTF8.self))
        var parsed = 0
        while true {
          while field < end, isSpace(bytes[field]) { field += 1 }
          if field >= end { break }
          guard parsed < dimensions else {
            throw VectorFileError.malformedRow(
              path: path, line: line,
              reason: "more than the \(dimensions) values the header announces")
          }
          let start = UnsafeMutablePointer(mutating: bytes.baseAddress! + field)
          var stop: UnsafeMutablePointer<CChar>?
          let value = start.withMemoryRebound(to: CChar.self, capacity: 1) { strtof($0, &stop) }
          let next =
            stop.map { UnsafeRawPointer($0) - UnsafeRawPointer(bytes.baseAddress!) } ?? field
          guard next > field, next >= end || isSpace(bytes[next]) else {
            var tokenEnd = field
            while tokenEnd < end, !isSpace(bytes[tokenEnd]) { tokenEnd += 1 }
            let token = String(decoding: bytes[field..<min(tokenEnd, field + 40)], as: UTF8.self)
            throw VectorFileError.malformedRow(
              path: path, line: line, reason: "'\(token)' is not a number")
          }
          values.append(value)
          parsed += 1
          field = next
        }
        guard parsed == dimensions else {
          throw VectorFileError.malformedRow(
            path: path, line: line,
            reason: "\(parsed) values where the header announces \(dimensions)")
        }
        try requireFinite(values, words, dimensions: dimensions)
        offset = end + 1
        line += 1
      }
      return WordVectors(words: words, dimensions: dimensions, values: values)
    }

    mutating func binaryRows(count rows: Int, dimensions: Int) throws -> WordVectors {
      let rowBytes = dimensions * MemoryLayout<Float>.size
      var words: [String] = []
      var values: [Float] = []
      reserve(&words, &values, rows: rows, dimensions: dimensions, shortestRow: 2 + rowBytes)
      while words.count < rows {
        // word2vec.c ends each row with a newline; gensim does not. Either way, skip it.
        while offset < count, bytes[offset] == 0x0A || bytes[offset] == 0x0D { offset += 1 }
        var space = offset
        while space < count, bytes[space] != 0x20, space - offset < 4096 { space += 1 }
        guard space < count else {
          throw VectorFileError.truncated(
            path: path, offset: count, rowsRead: words.count, rowsExpected: rows)
        }
        guard bytes[space] == 0x20, space > offset else {
          throw VectorFileError.malformedBinary(
            path: path, offset: offset, reason: "expected a word followed by a space")
        }
        guard space + 1 + rowBytes <= count else {
          throw VectorFileError.truncated(
            path: path, offset: count, rowsRead: words.count, rowsExpected: rows)
        }
        words.append(String(decoding: bytes[offset..<space], as: UTF8.self))
        let raw = UnsafeRawBufferPointer(
          UnsafeBufferPointer(rebasing: bytes[(space + 1)..<(space + 1 + rowBytes)]))
        for k in 0..<dimensions {
          let bits = raw.loadUnaligned(fromByteOffset: k * 4, as: UInt32.self)
          values.append(Float(bitPattern: UInt32(littleEndian: bits)))
        }
        try requireFinite(values, words, dimensions: dimensions)
        offset = space + 1 + rowBytes
      }
      return WordVectors(words: words, dimensions: dimensions, values: values)
    }
  }
}
