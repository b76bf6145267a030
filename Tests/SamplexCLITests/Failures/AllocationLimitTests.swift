import Foundation
import TestSupport
import Testing

/// Sizes a command would allocate past what the process can have are refused in one sentence
/// before the allocation, which aborted the process (SIGABRT, or the kernel's OOM kill). Under
/// `ulimit -v` (8 GiB), so that the outcome is the same on any machine.
@Suite struct AllocationLimitTests {
  @Test(arguments: [
    (
      ["sample", "--vocab-size", "1000", "--samples", "10000000000"],
      "Error: allocating 10000000000 candidates needs 40000 MB but only "
    ),
    (
      ["sample", "--sampler", "uniform", "--vocab-size", "2000000000", "--draws", "1"],
      "Error: allocating 64 candidates over 2000000000 classes needs 48000 MB but only "
    ),
    (
      ["step", "--vocab-size", "2000000000", "--dim", "8"],
      "Error: allocating a step over 2000000000 classes at 8 dimensions needs "
    ),
    (
      ["synth", "--vocab-size", "2000000000", "--tokens", "10", "synth.txt"],
      "Error: allocating a vocabulary of 2000000000 words needs 208000 MB but only "
    ),
  ])
  func aSizePastTheMemoryIsOneSentence(arguments: [String], opening: String) throws {
    let folder = try Fixtures.temporaryDirectory()
    let (status, errors) = try SamplexProcess.run(
      arguments, after: "cd \(folder) && ulimit -v 8388608")
    #expect(status == 1)
    let lines = errors.split(separator: "\n")
    #expect(lines.count == 1 && errors.hasPrefix(opening), "\(errors)")
    #expect(errors.hasSuffix(" MB of memory is available; lower --" + Self.remedy(arguments)))
    #expect(!FileManager.default.fileExists(atPath: folder + "/synth.txt"))
  }

  /// What the sentence ends with for each command.
  static func remedy(_ arguments: [String]) -> String {
    switch arguments[0] {
    case "sample": arguments.contains("--draws") ? "samples or --vocab-size.\n" : "samples.\n"
    case "step": "vocab-size, --dim, --batch or --samples.\n"
    default: "vocab-size.\n"
    }
  }

  /// Ids are 32 bits: a class count past that is refused as a flag's value (10^12 aborted
  /// allocating, 10^11 too).
  @Test(arguments: [
    ["sample", "--vocab-size", "1000000000000"], ["step", "--vocab-size", "1000000000000"],
    ["synth", "--vocab-size", "100000000000", "--tokens", "10", "synth.txt"],
  ])
  func aClassCountPastThirtyTwoBitsIsRefused(arguments: [String]) throws {
    let (status, errors) = try SamplexProcess.run(arguments)
    #expect(status == 64)
    #expect(errors.hasPrefix("Error: --vocab-size must be at most 2147483647: a "), "\(errors)")
  }
}
