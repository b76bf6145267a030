/// Cuts a byte stream into tokens and sentences: a line is a sentence, a token is a run of bytes
/// between ASCII whitespace (space, tab, newline, vertical tab, form feed, carriage return:
/// `TextBytes`).
///
/// Chunks may end anywhere, even inside a UTF-8 character: a token cut by a chunk's end is carried
/// over, so any chunking yields the same tokens. Bytes that are not valid UTF-8 are counted and
/// replaced by U+FFFD, never a crash.
public struct Tokenizer {
  public let options: TokenizerOptions
  public private(set) var statistics = TokenizerStatistics()
  /// The start of a token cut by the end of the previous chunk (bounded: past the length
  /// limit only a few bytes are kept, enough to cut at a character boundary).
  private var pending: [UInt8] = []
  private var pendingOverflowed = false
  private var sentenceTokens = 0
  private var scratch: [UInt8] = []

  public init(options: TokenizerOptions = TokenizerOptions()) {
    self.options = options
    pending.reserveCapacity(options.maxTokenBytes + 8)
    scratch.reserveCapacity(4 * options.maxTokenBytes + 8)
  }

  /// Tokenizes the next chunk of the stream.
  public mutating func feed<Sink: TokenSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout Sink)
  {
    guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    let count = chunk.count
    statistics.bytes &+= count
    var index = 0
    if !pending.isEmpty {
      while index < count && !TextBytes.isWhitespace(base[index]) { index &+= 1 }
      appendPending(UnsafeBufferPointer(start: base, count: index))
      if index == count { return }
      emitPending(into: &sink)
    }
    while index < count {
      var byte = base[index]
      while TextBytes.isWhitespace(byte) {
        if byte == TextBytes.newline { endLine(into: &sink) }
        index &+= 1
        if index == count { return }
        byte = base[index]
      }
      let start = index
      var unionOfBytes = UInt64(byte)
      index &+= 1
      // The end of the token, eight bytes at a time (SWAR): the lowest byte below 0x21 of a word
      // is flagged exactly; it is whitespace unless it is a rare control character.
      scan: while true {
        if index &+ 8 <= count {
          let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
          let low = (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080
          if low == 0 {
            unionOfBytes |= word
            index &+= 8
            continue
          }
          let offset = low.trailingZeroBitCount >> 3
          unionOfBytes |= word & ((1 << UInt64(offset << 3)) &- 1)
          index &+= offset
          if TextBytes.isWhitespace(base[index]) { break scan }
          unionOfBytes |= UInt64(base[index])
          index &+= 1
        } else {
          while index < count {
            let next = base[index]
            if TextBytes.isWhitespace(next) { break scan }
            unionOfBytes |= UInt64(next)
            index &+= 1
          }
          break scan
        }
      }
      if index == count {
        appendPending(UnsafeBufferPointer(start: base + start, count: index &- start))
        return
      }
      emit(
        UnsafeBufferPointer(start: base + start, count: index &- start), into: &sink,
        asciiOnly: unionOfBytes & 0x8080_8080_8080_8080 == 0)
    }
  }

  /// Ends the stream: emits a token cut by its end and closes the last sentence.
  public mutating func finish<Sink: TokenSink>(into sink: inout Sink) {
    if !pending.isEmpty { emitPending(into: &sink) }
    endLine(into: &sink)
  }

  private mutating func appendPending(_ bytes: UnsafeBufferPointer<UInt8>) {
    let room = options.maxTokenBytes + 4 - pending.count
    if bytes.count > room {
      pending.append(contentsOf: bytes.prefix(max(room, 0)))
      pendingOverflowed = true
    } else {
      pending.append(contentsOf: bytes)
    }
  }

  private mutating func emitPending<Sink: TokenSink>(into sink: inout Sink) {
    var token = pending
    pending.removeAll(keepingCapacity: true)
    let overflowed = pendingOverflowed
    pendingOverflowed = false
    token.withUnsafeBufferPointer {
      emit($0, into: &sink, asciiOnly: $0.allSatisfy { $0 < 0x80 }, alreadyOverlong: overflowed)
    }
    token.removeAll()
  }

  @inline(__always)
  private mutating func endLine<Sink: TokenSink>(into sink: inout Sink) {
    if sentenceTokens > 0 {
      sink.endSentence()
      statistics.sentences &+= 1
      sentenceTokens = 0
    }
  }

  @inline(__always)
  private mutating func emit<Sink: TokenSink>(
    _ token: UnsafeBufferPointer<UInt8>, into sink: inout Sink, asciiOnly: Bool,
    alreadyOverlong: Bool = false
  ) {
    // A token longer than the carry-over keeps is seen through the same window whether or not a
    // chunk boundary cut it, so that any chunking gives the same result.
    let window = options.maxTokenBytes + 4
    var token = token
    var alreadyOverlong = alreadyOverlong
    if token.count > window {
      token = UnsafeBufferPointer(rebasing: token[..<window])
      alreadyOverlong = true
    }
    var needsWork = alreadyOverlong || token.count > options.maxTokenBytes
    if options.lowercase && !needsWork { needsWork = token.contains { $0 &- 65 < 26 } }
    if asciiOnly && !needsWork {
      sink.consume(token: UnsafeRawBufferPointer(token))
    } else {
      emitSlowly(token, asciiOnly: asciiOnly, alreadyOverlong: alreadyOverlong, into: &sink)
    }
    statistics.tokens &+= 1
    sentenceTokens &+= 1
    if sentenceTokens == options.maxSentenceTokens {
      sink.endSentence()
      statistics.sentences &+= 1
      statistics.splitSentences &+= 1
      sentenceTokens = 0
    }
  }

  /// Repairs, lowercases and shortens a token: rare, so written for clarity.
  private mutating func emitSlowly<Sink: TokenSink>(
    _ token: UnsafeBufferPointer<UInt8>, asciiOnly: Bool, alreadyOverlong: Bool,
    into sink: inout Sink
  ) {
    scratch.removeAll(keepingCapacity: true)
    if asciiOnly {
      scratch.append(contentsOf: token)
      if options.lowercase {
        for index in scratch.indices where scratch[index] &- 65 < 26 { scratch[index] |= 0x20 }
      }
    } else {
      // A token cut from a longer one may end inside a character; that is not a fault of the
      // input, so only the bytes before the cut are validated.
      var body = token[...]
      if alreadyOverlong { body = token[..<utf8Boundary(token, atMost: token.count - 4)] }
      if String(validating: body, as: UTF8.self) == nil { statistics.invalidUTF8Tokens &+= 1 }
      let text = String(decoding: body, as: UTF8.self)
      scratch.append(contentsOf: (options.lowercase ? text.lowercased() : text).utf8)
    }
    var length = scratch.count
    if alreadyOverlong || length > options.maxTokenBytes {
      statistics.truncatedTokens &+= 1
      length = scratch.withUnsafeBufferPointer { utf8Boundary($0, atMost: options.maxTokenBytes) }
    }
    scratch.withUnsafeBytes { sink.consume(token: UnsafeRawBufferPointer(rebasing: $0[..<length])) }
  }

  /// The largest length ≤ `limit` that does not end inside a UTF-8 character of `bytes`.
  private func utf8Boundary(_ bytes: UnsafeBufferPointer<UInt8>, atMost limit: Int) -> Int {
    if bytes.count <= limit { return bytes.count }
    var length = limit
    while length > 0 && bytes[length] & 0xC0 == 0x80 { length -= 1 }
    return length
  }
}
