import Foundation
import Samplex
import TestSupport
import Testing

/// Reads a whole source through `chunk`-byte reads and returns its sentences.
func sentences(
  of reader: inout any ByteSource, chunk: Int = 1 << 16, options: TokenizerOptions = .init()
)
  throws -> [[String]]
{
  var sink = RecordingSink()
  try TokenStream.tokenize(&reader, options: options, into: &sink, chunkSize: chunk)
  return sink.sentences
}

func sentences(ofFile path: String, chunk: Int = 1 << 16) throws -> [[String]] {
  var reader = try TextSource(path: path).sequentialReader()
  return try sentences(of: &reader, chunk: chunk)
}

@Suite struct CorpusReaderTests {
  @Test(arguments: ["tiny/mixed.txt", "tiny/kjv-head.txt"], [1, 7, 4096])
  func plainAndZstdGiveIdenticalTokens(file: String, chunk: Int) throws {
    let plain = try sentences(ofFile: Fixtures.data(file), chunk: chunk)
    let compressed = try sentences(ofFile: Fixtures.data(file + ".zst"), chunk: chunk)
    #expect(!plain.isEmpty)
    #expect(plain == compressed)
  }

  @Test func recognizesZstdByItsMagicBytesNotItsName() throws {
    let bytes = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Fixtures.data("tiny/mixed.txt.zst"))))
    let disguised = try Fixtures.file(named: "corpus.txt", bytes: bytes)
    #expect(try TextSource(path: disguised).format == .zstd)
    #expect(try sentences(ofFile: disguised) == sentences(ofFile: Fixtures.data("tiny/mixed.txt")))
  }

  @Test func aTruncatedZstdFileNamesTheByteOffset() throws {
    let bytes = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Fixtures.data("tiny/kjv-head.txt.zst"))))
    let cut = bytes.count / 2
    let path = try Fixtures.file(named: "cut.zst", bytes: Array(bytes[..<cut]))
    #expect(throws: CorpusError.truncatedZstd(path: path, offset: cut)) {
      _ = try sentences(ofFile: path)
    }
  }

  @Test func corruptZstdDataIsAClearError() throws {
    var bytes = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Fixtures.data("tiny/kjv-head.txt.zst"))))
    for index in stride(from: bytes.count / 2, to: bytes.count - 8, by: 50) { bytes[index] ^= 0x5A }
    let path = try Fixtures.file(named: "corrupt.zst", bytes: bytes)
    let error = #expect(throws: CorpusError.self) { _ = try sentences(ofFile: path) }
    guard case .corruptZstd(let reportedPath, let offset, _) = error else {
      Issue.record("expected a corrupt-zstd error, got \(String(describing: error))")
      return
    }
    #expect(reportedPath == path)
    // The offset is where the decoder stood: the start of the block it could not decode.
    #expect(offset >= 0 && offset < bytes.count)
  }

  @Test func aMissingFileIsAClearError() {
    #expect(throws: CorpusError.notFound(path: "/nonexistent/corpus.txt")) {
      _ = try TextSource(path: "/nonexistent/corpus.txt")
    }
    #expect(CorpusError.notFound(path: "x").description.contains("no such file"))
  }

  @Test func aDirectoryIsAClearError() throws {
    let folder = try Fixtures.temporaryDirectory()
    #expect(throws: CorpusError.isDirectory(path: folder)) { _ = try TextSource(path: folder) }
  }

  @Test func anEmptyCorpusIsAClearError() throws {
    let path = try Fixtures.file(named: "empty.txt", bytes: Array(" \n\t\n".utf8))
    #expect(throws: CorpusError.empty(path: path)) {
      _ = try VocabularyBuilder.counting(TextSource(path: path), options: .init())
    }
  }

  @Test func anUnreadableFileIsAClearError() throws {
    let path = try Fixtures.file(named: "secret.txt", bytes: Array("a b".utf8))
    chmod(path, 0)
    defer { chmod(path, 0o644) }
    // root reads any file; the check only means something for other users.
    if getuid() != 0 {
      let error = #expect(throws: CorpusError.self) { _ = try TextSource(path: path) }
      #expect(error?.description.contains("cannot be read") == true)
    }
  }
}
