import ArgumentParser
import Foundation
import Samplex
import TestSupport
import Testing

@testable import samplex

/// What `samplex train` shows while it works, as a user sees it on a terminal and in a log, and
/// `samplex --version`.
@Suite struct ProgressDisplayTests {
  static let settings = [
    "--min-count", "2", "--dim", "8", "--window", "2", "--threads", "1", "--heldout-pairs",
    "50", "--heldout", "0.05", "--progress-interval", "0.05", "--no-checkpoints",
  ]

  /// Runs `command` in a bash under `script`, in a terminal of `columns` columns: what the
  /// terminal received.
  private func onTerminal(columns: Int, _ command: String) throws -> String {
    let run = try commandOutput(
      "/usr/bin/script", ["-qec", "stty cols \(columns) rows 24 && \(command)", "/dev/null"])
    #expect(run.status == 0, "\(run.output)")
    return run.output
  }

  /// In a 60-column terminal every progress line fits in 59 columns (by dropping whole fields),
  /// so that no redraw wraps and leaves a row behind; the width is the terminal's, not
  /// `$COLUMNS`'s.
  @Test func theLiveLineFitsANarrowTerminal() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let arguments =
      ["train", Fixtures.data("tiny/kjv-head.txt"), "--output", folder, "--epochs", "4"]
      + Self.settings
    let text = try onTerminal(
      columns: 60,
      "COLUMNS=200 exec " + ([Fixtures.builtSamplex.path] + arguments).joined(separator: " "))
    // A redraw begins with a carriage return; the terminal ends lines with "\r\n".
    let rows = text.replacing("\u{1B}[2K", with: "").replacing("\r\n", with: "\n")
      .split(whereSeparator: { $0 == "\r" || $0 == "\n" })
    let progress = rows.filter { $0.hasPrefix("epoch ") }
    // At least the four epochs' held-out rows, which stay on the screen.
    #expect(progress.filter { $0.contains("held-out CE") }.count == 4, "\(text)")
    for row in progress {
      #expect(row.count <= 59, "\(row)")
      // A held-out row has every field but the learning rate and the speed in 59 columns.
      if row.contains("held-out CE") { #expect(!row.contains("lr ") && row.contains(" loss ")) }
    }
    #expect(rows.contains { $0.hasPrefix("counted the vocabulary: ") })
  }

  /// In a log every tick is a line with every field it has: no "0 words/s" for an interval
  /// that trained nothing, and the counting pass's one line.
  @Test func aLogShowsTheCountingPassAndNoMadeUpSpeed() throws {
    let folder = try Fixtures.temporaryDirectory() + "/run"
    let corpus = Fixtures.data("tiny/kjv-head.txt")
    let run = try SamplexProcess.run(
      ["train", corpus, "--output", folder, "--epochs", "3"] + Self.settings)
    #expect(run.status == 0, "\(run.errors)")
    let lines = run.errors.split(separator: "\n")
    // The corpus is 40,000 bytes.
    let counted = lines.filter { $0.hasPrefix("counted the vocabulary: ") }
    #expect(counted.count == 1)
    #expect(counted.first?.hasPrefix("counted the vocabulary: 40.0 kB read in ") == true)
    #expect(!run.errors.contains("counting the vocabulary"))
    // The pass's line ends the pass: before what the run then says of the vocabulary.
    let countedAt = lines.firstIndex { $0.hasPrefix("counted the vocabulary: ") }
    let vocabularyAt = lines.firstIndex { $0.hasPrefix("vocabulary: ") }
    #expect(try #require(countedAt) < #require(vocabularyAt))
    let ticks = lines.filter { $0.hasPrefix("epoch ") }
    #expect(ticks.filter { $0.contains("held-out CE") }.count == 3)
    #expect(!ticks.contains { $0.contains("  0 words/s") })
    #expect(ticks.allSatisfy { $0.contains(" lr ") })
    let metrics = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
    #expect(!metrics.contains("\"words_per_second\":0,"))
  }

  /// The terminal's width when standard error is not one: `$COLUMNS`, else 80.
  @Test func withoutATerminalTheWidthIsColumnsOrEighty() {
    #expect(TerminalWidth.fallback(environment: ["COLUMNS": "60"]) == 60)
    #expect(TerminalWidth.fallback(environment: ["COLUMNS": "wide"]) == 80)
    #expect(TerminalWidth.fallback(environment: ["COLUMNS": "0"]) == 80)
    #expect(TerminalWidth.fallback(environment: [:]) == 80)
  }

  /// The counting pass's line while it runs and when it ends, in kB, MB or GB.
  @Test(arguments: [
    (12_345_678, false, "counting the vocabulary: 12.3 MB read"),
    (12_345_678, true, "counted the vocabulary: 12.3 MB read in 0.8 s"),
    (43_210, true, "counted the vocabulary: 43.2 kB read in 0.8 s"),
    (7_654_321_000, false, "counting the vocabulary: 7.7 GB read"),
  ])
  func theCountingLineNamesWhatWasRead(bytes: Int, done: Bool, line: String) {
    #expect(CountingProgress.line(bytes: bytes, seconds: 0.84, done: done) == line)
  }

  /// `samplex --version` prints the version and the commit built from, and exits 0.
  @Test func theVersionNamesTheCommit() throws {
    #expect(throws: (any Error).self) { _ = try SamplexCommand.parseAsRoot(["--version"]) }
    do {
      _ = try SamplexCommand.parseAsRoot(["--version"])
    } catch {
      #expect(SamplexCommand.message(for: error) == "samplex " + SamplexBuild.description)
      #expect(SamplexCommand.exitCode(for: error) == .success)
    }
    #expect(SamplexBuild.description.hasPrefix("0.9.0 (commit "))
    let text = try onTerminal(columns: 80, "exec \(Fixtures.builtSamplex.path) --version")
    #expect(text == "samplex " + SamplexBuild.description + "\r\n")
  }
}
