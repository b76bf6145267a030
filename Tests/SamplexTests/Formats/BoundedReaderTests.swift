import Foundation
import TestSupport
import Testing

@testable import Samplex
@testable import SamplexBench
@testable import SamplexConformance

/// Every file read whole is read up to a stated size only, and a vectors file's header is held
/// to the file's size before anything is allocated: `/dev/zero` or a huge sparse file grew
/// memory by 1 GB/s until the process was killed.
@Suite struct BoundedReaderTests {
  /// A sparse file of `size` bytes beginning with `text`: large to `stat`, free on disk.
  private func sparseFile(_ name: String, _ text: String, size: Int) throws -> String {
    let path = try Fixtures.file(named: name, bytes: Array(text.utf8))
    try #require(truncate(path, off_t(size)) == 0)
    return path
  }

  @Test func aConfigIsReadUpTo16MiB() throws {
    let reason = "it holds more than 16 MiB, which no config needs"
    #expect(throws: ConfigurationError.unreadable(path: "/dev/zero", reason: reason)) {
      _ = try ConfigurationYAML.read(path: "/dev/zero")
    }
    let large = try sparseFile("large.yaml", "training:\n  epochs: 2\n", size: (16 << 20) + 1)
    #expect(throws: ConfigurationError.unreadable(path: large, reason: reason)) {
      _ = try ConfigurationYAML.read(path: large)
    }
    // At the limit it is read: the zeros after the text are then YAML's problem, not memory's.
    let limit = try sparseFile("limit.yaml", "training:\n  epochs: 2\n", size: 16 << 20)
    #expect {
      _ = try ConfigurationYAML.read(path: limit)
    } throws: { error in
      (error as? ConfigurationError).map { $0 != .unreadable(path: limit, reason: reason) } == true
    }
  }

  @Test func anEvaluationFileIsReadUpTo64MiB() throws {
    let large = try sparseFile("large.txt", ": capital\na b c d\n", size: (64 << 20) + 1)
    for path in ["/dev/zero", large] {
      #expect(throws: EvaluationError.tooLarge(path: path)) {
        _ = try AnalogyQuestions(path: path)
      }
      #expect(throws: EvaluationError.tooLarge(path: path)) { _ = try SimilarityPairs(path: path) }
    }
  }

  @Test func aVocabularyFileIsReadUpTo1GiB() throws {
    #expect(throws: VocabularyError.fileTooLarge(path: "/dev/zero")) {
      _ = try VocabularyFile.read(from: "/dev/zero")
    }
  }

  /// A projector pair has no header to promise its size: a file of it larger than the memory
  /// available is refused before it is read, and a device no further than a stated limit (here
  /// 1 MiB for speed; 1 GiB in use). Before, either was read until memory ran out.
  @Test func aProjectorPairIsReadWithinTheMemoryAvailable() throws {
    let folder = try Fixtures.temporaryDirectory()
    let paths = ProjectorPaths(folder: folder)
    for (sparse, whole) in [(paths.tensors, paths.metadata), (paths.metadata, paths.tensors)] {
      try "0.5\t1\n".write(toFile: paths.tensors, atomically: false, encoding: .utf8)
      try "a\n".write(toFile: paths.metadata, atomically: false, encoding: .utf8)
      #expect(try ProjectorTSV.read(paths).words == ["a"])
      try #require(truncate(sparse, 1 << 40) == 0)
      #expect {
        _ = try ProjectorTSV.read(paths)
      } throws: { error in
        guard case .tooLarge(sparse, 1 << 40, _) = error as? VectorFileError else { return false }
        return !"\(error)".contains(whole)
      }
    }
    let device = try Fixtures.temporaryDirectory() + "/zero.tsv"
    try FileManager.default.createSymbolicLink(atPath: device, withDestinationPath: "/dev/zero")
    let linked = ProjectorPaths(device)
    try "a\n".write(toFile: linked.metadata, atomically: false, encoding: .utf8)
    #expect(throws: VectorFileError.streamTooLong(path: device, limit: 1 << 20)) {
      _ = try ProjectorTSV.read(linked, streamLimit: 1 << 20)
    }
  }

  /// A header announcing more rows × dimensions than the file can hold is refused before the
  /// rows are read; a file past the memory available, before it is read; `/dev/zero` by its
  /// header, which never ends.
  @Test(arguments: [Word2VecWriter.Format.text, .binary])
  func aVectorsFileIsHeldToItsHeadersPromise(format: Word2VecWriter.Format) throws {
    let rows = format == .text ? "a 1 2\n" : "a " + String(repeating: "\u{0}", count: 8) + "\n"
    let short = try Fixtures.file(
      named: "short." + format.rawValue, bytes: Array(("1000 2\n" + rows).utf8))
    let needs = 7 + 1000 * (format == .text ? 4 : 9)
    #expect(
      throws: VectorFileError.shorterThanHeader(
        path: short, rows: 1000, dimensions: 2, needs: needs, size: 7 + rows.utf8.count)
    ) { _ = try Word2VecReader.read(path: short, format: format) }
    let huge = try sparseFile("huge." + format.rawValue, "1 2\n" + rows, size: 1 << 40)
    #expect {
      _ = try Word2VecReader.read(path: huge, format: format)
    } throws: { error in
      guard case .tooLarge(huge, 1 << 40, _) = error as? VectorFileError else { return false }
      return true
    }
    #expect {
      _ = try Word2VecReader.read(path: "/dev/zero", format: format)
    } throws: { error in
      guard case .malformedHeader(let path, _) = error as? VectorFileError else { return false }
      // Its NUL bytes are printed escaped, and only the first few.
      let text = "\(error)"
      return path == "/dev/zero" && !text.contains("\u{0000}") && text.contains("\\0\\0")
        && text.count < 300
    }
    // The rows the header announces, whole, are read as before.
    let whole = try Fixtures.file(
      named: "whole." + format.rawValue, bytes: Array(("1 2\n" + rows).utf8))
    #expect(try Word2VecReader.read(path: whole, format: format).words == ["a"])
  }

  /// The files Samplex reads back from its own folders are capped too, so that one replaced by
  /// a device (or grown huge) is refused or passed over instead of filling memory: a bench
  /// cell's `result.json` (64 MiB, one sentence), a run's `run.json` (16 MiB) and
  /// `metrics.jsonl` (1 GiB; both read as absent, as an unreadable one is), and a conformance
  /// reference file (256 MiB). Before, each read `/dev/zero` until memory ran out.
  @Test func filesReadBackAreCapped() throws {
    let large = try sparseFile("result.json", "{", size: (64 << 20) + 1)
    for path in ["/dev/zero", large] {
      #expect(
        throws: BenchError.unreadableResult(
          path: path, reason: "it holds more than 64 MiB, more than any cell's result")
      ) { _ = try CellResult.read(path: path) }
    }
    #expect(throws: OversizedFile(path: "/dev/zero", size: nil, limit: 16 << 20)) {
      _ = try RunRecord.read(from: "/dev/zero")
    }
    #expect(throws: OversizedFile(path: "/dev/zero", size: nil, limit: 1 << 30)) {
      _ = try MetricsFile.lines(in: "/dev/zero", upToWords: 1, run: RunID(value: 1))
    }
    #expect(
      throws: ConformanceError.malformed(
        path: "/dev/zero", reason: "it holds more than 256 MiB, more than any reference file")
    ) { _ = try ReferenceFile(path: "/dev/zero") }
  }

  /// A resume reads `metrics.jsonl` and `run.json` back up to their limits; past them it goes
  /// on without the earlier lines or record and logs one line naming the file, its size, the
  /// limit and what is not carried over (before, the files were passed over in silence).
  @Test func anOversizedRunFileIsPassedOverWithAWarning() throws {
    let folder = try Fixtures.temporaryDirectory()
    let run = RunID(value: 5)
    let metrics = RunFile.metrics.path(in: folder)
    try MetricsFile.write([], after: ["{\"run\":\"\(run)\",\"words\":1}"], run: run, to: metrics)
    var lines: [String] = []
    func resume(upToWords words: Int?) {
      _ = RunMetrics(
        folder: folder, run: run, upToWords: words, progress: { _ in }, log: { lines.append($0) })
    }
    resume(upToWords: 10)
    #expect(lines.isEmpty)
    try #require(truncate(metrics, off_t(MetricsFile.maxBytes + 1)) == 0)
    #expect(throws: OversizedFile(path: metrics, size: (1 << 30) + 1, limit: 1 << 30)) {
      _ = try MetricsFile.lines(in: metrics, upToWords: 10, run: run)
    }
    resume(upToWords: 10)
    #expect(
      lines == [
        "warning: \(metrics) holds 1073741825 bytes, more than the 1024 MiB a resume reads back, "
          + "so it was left unread: the interrupted run's metrics are not carried over; "
          + "metrics.jsonl now holds this resume's ticks only"
      ])
    // A new run does not read the file, so says nothing of it.
    resume(upToWords: nil)
    #expect(lines.count == 1)

    let record = RunFile.record.path(in: folder)
    let session = Provenance.current()
    try RunRecord(run: run, started: session).write(to: record)
    #expect(RunRecord.beginning(session, of: run, resuming: true, in: folder).passedOver == nil)
    try #require(truncate(record, off_t(RunRecord.maxBytes + 1)) == 0)
    let (resumed, passedOver) = RunRecord.beginning(session, of: run, resuming: true, in: folder)
    #expect(resumed == RunRecord(run: run, started: nil, resumed: [session]))
    #expect(passedOver == OversizedFile(path: record, size: (16 << 20) + 1, limit: 16 << 20))
    #expect(
      passedOver?.warning(RunRecord.passedOverConsequence)
        == "warning: \(record) holds 16777217 bytes, more than the 16 MiB a resume reads back, "
        + "so it was left unread: where the run's earlier sessions ran is not carried over; "
        + "run.json now records this resume only")
  }
}
