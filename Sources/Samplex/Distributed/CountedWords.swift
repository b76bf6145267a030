/// Words with counts as bytes, the form in which processes exchange their counts and the
/// vocabulary: for each word in order, its length (UInt32), its bytes and its count (Int64),
/// in the byte order of the machines (those of one job share it).
enum CountedWords {
  /// Appends `word` and its `count` to `bytes`.
  static func append(_ word: UnsafeRawBufferPointer, count: Int64, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: UInt32(word.count)) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: word)
    withUnsafeBytes(of: count) { bytes.append(contentsOf: $0) }
  }

  /// Calls `body` with each word and count of `bytes`, in order.
  static func decode(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer, Int64) -> Void) {
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        let word = UnsafeRawBufferPointer(rebasing: raw[(offset + 4)..<(offset + 4 + length)])
        let count = raw.loadUnaligned(fromByteOffset: offset + 4 + length, as: Int64.self)
        body(word, count)
        offset += 4 + length + 8
      }
    }
  }
}

extension VocabularyBuilder {
  /// The table's words and counts in order of first appearance, for another process to merge.
  var encodedCounts: [UInt8] {
    var bytes: [UInt8] = []
    for index in 0..<table.count {
      CountedWords.append(table.key(at: index), count: table.count(at: index), to: &bytes)
    }
    return bytes
  }

  /// A builder holding the words and counts of `encodedCounts`, in the same order.
  init(encodedCounts: [UInt8], maxDistinct: Int) {
    self.init(maxDistinct: maxDistinct)
    let table = self.table
    CountedWords.decode(encodedCounts) { word, count in _ = table.add(word, amount: count) }
  }
}

extension Vocabulary {
  /// The words and counts in id order, for other processes to hold the same vocabulary.
  var encoded: [UInt8] {
    var bytes: [UInt8] = []
    let counts = self.counts
    for id in 0..<count { CountedWords.append(key(at: id), count: counts[id], to: &bytes) }
    return bytes
  }

  /// The vocabulary `encoded` describes.
  init(encoded: [UInt8]) {
    var words: [String] = []
    var counts: [Int64] = []
    CountedWords.decode(encoded) { word, count in
      words.append(String(decoding: word, as: UTF8.self))
      counts.append(count)
    }
    self.init(words: words, counts: counts)
  }
}
