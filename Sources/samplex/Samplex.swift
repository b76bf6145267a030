import ArgumentParser
import COpenBLASKernelChoice
import Foundation
@_spi(Kernels) import Samplex

@main
struct SamplexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "samplex",
    abstract: "Train word embeddings over large vocabularies with sampled losses.",
    version: "samplex " + SamplexBuild.description,
    subcommands: [
      TrainCommand.self, EvalCommand.self, NeighborsCommand.self, AnalogyCommand.self,
      SimilarityCommand.self, DoesntMatchCommand.self, ConvertCommand.self, VocabCommand.self,
      CompressCommand.self, SampleCommand.self,
      StepCommand.self, SyncCommand.self, SynthCommand.self, BenchCommand.self,
      ConformanceCommand.self,
    ])

  static func main() {
    // First, before anything else runs: OpenBLAS's faster kernels for this CPU, which may start
    // the executable again (COpenBLASKernelChoice.h says why).
    samplex_choose_openblas_kernels(CommandLine.unsafeArgv)
    // No command needs OpenBLAS's thread pool at start-up; its spinning would slow the work.
    Gemm.stopIdleThreads()
    do {
      var command = try ForeignFlags.parse(Array(CommandLine.arguments.dropFirst()))
      try command.run()
    } catch {
      exit(reporting: error)
    }
  }

  /// Ends the process as ArgumentParser's `exit(withError:)` does (its message, its exit
  /// status, help on standard output), with the message's control characters escaped: it
  /// names paths and words from files, which may hold terminal escape sequences.
  private static func exit(reporting error: any Error) -> Never {
    let message = fullMessage(for: error)
    let status = exitCode(for: error)
    if !message.isEmpty {
      if status.isSuccess {
        TerminalOutput.line(message)
      } else {
        TerminalOutput.error(message)
      }
    }
    Foundation.exit(status.rawValue)
  }
}
