import Foundation
import Samplex

/// Paths of the repository's bundled data, found from this file's location so that tests run
/// from any working directory.
public enum Fixtures {
  /// The repository root.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The `samplex` binary built beside the tests: in the products folder of the running test
  /// executable, whatever the configuration and scratch path (`swift build` leaves the debug
  /// one beside the debug tests, a release build of the tests the release one), so that a test
  /// comparing its output with the library's in-process results compares the same arithmetic
  /// (release builds fuse multiply-adds).
  public static var builtSamplex: URL {
    let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    return executable.resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent("samplex")
  }

  /// A path under `Data/`.
  public static func data(_ relative: String) -> String {
    root.appendingPathComponent("Data").appendingPathComponent(relative).path
  }

  /// A fresh empty folder inside this process's scratch folder (removed when the process exits).
  public static func temporaryDirectory(_ name: String = #function) throws -> String {
    let folder = ProcessScratchFolder.url.appendingPathComponent(
      String(UUID().uuidString.prefix(8)))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.path
  }

  /// The bundled corpus (`Data/kjv.txt.zst`, a single frame), decompressed once per process
  /// into a plain file, which splits into byte-range shards.
  public static let bundledPlainCorpus: String = {
    let path = ProcessScratchFolder.url.appendingPathComponent("kjv.txt").path
    if !FileManager.default.fileExists(atPath: path) {
      var reader = try! TextSource(path: data("kjv.txt.zst")).sequentialReader()
      var bytes: [UInt8] = []
      while true {
        let chunk = try! reader.readBytes(count: 1 << 20)
        if chunk.isEmpty { break }
        bytes += chunk
      }
      try! Data(bytes).write(to: URL(fileURLWithPath: path))
    }
    return path
  }()

  /// Writes `bytes` to a new file in a fresh folder and returns its path.
  public static func file(named name: String, bytes: [UInt8]) throws -> String {
    let path = try temporaryDirectory() + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }
}

/// A sink that keeps every token and sentence, for comparing tokenizations.
public struct RecordingSink: TokenSink {
  public var sentences: [[String]] = []
  private var current: [String] = []

  public init() {}

  public mutating func consume(token: UnsafeRawBufferPointer) {
    current.append(String(decoding: token, as: UTF8.self))
  }

  public mutating func endSentence() {
    sentences.append(current)
    current = []
  }

  /// Every token in order.
  public var tokens: [String] { sentences.flatMap { $0 } }
}

/// What an error thrown by `body` prints (its description), or nil when nothing is thrown.
public func errorMessage(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}
