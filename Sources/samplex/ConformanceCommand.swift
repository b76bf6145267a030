import ArgumentParser
import Foundation
import Samplex
import SamplexConformance

struct ConformanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conformance",
    abstract: "Check Samplex against TensorFlow's reference numbers.",
    discussion: """
      Reads reference files in the tf-losses-reference/v1 schema and checks every case Samplex \
      knows, printing one line per case and a last line 'N passed, N failed'. Exits non-zero \
      when any case fails.

      Example:
        samplex conformance Data/golden/tf-losses-dev.json
      """)

  @Argument(help: "Reference files (JSON).")
  var files: [String]

  @Flag(help: "Print only failures and the summary.")
  var quiet = false

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("Name at least one reference file.") }
  }

  func run() throws {
    var passed = 0
    var failed = 0
    var skipped: [String: Int] = [:]
    for path in files {
      let file = try ReferenceFile(path: path)
      for result in Conformance.check(file) {
        let errors = String(
          format: "max abs %.3g, max rel %.3g", result.maxAbsoluteError, result.maxRelativeError)
        switch result.verdict {
        case .passed:
          passed += 1
          if !quiet { TerminalOutput.line("pass  \(result.id)  (\(errors))") }
        case .failed(let reason):
          failed += 1
          TerminalOutput.line("FAIL  \(result.id)  (\(errors)): \(reason)")
        case .skipped(let reason):
          skipped[reason, default: 0] += 1
        }
      }
    }
    for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) {
      TerminalOutput.line("skipped \(count) case\(count == 1 ? "" : "s"): \(reason)")
    }
    TerminalOutput.line("\(passed) passed, \(failed) failed")
    if failed > 0 { throw ExitCode.failure }
  }
}
