import Foundation
@_spi(Kernels) import Samplex
import TestSupport
import Testing

/// `samplex` picks OpenBLAS's Haswell kernels on AMD Zen 4, and the widest kernels the CPU runs
/// where OpenBLAS fell back to Prescott's, by setting `OPENBLAS_CORETYPE` and starting itself
/// again (COpenBLASKernelChoice.h), and leaves a user's setting alone.
@Suite struct OpenBLASKernelChoiceTests {
  /// The kernel name a tiny `samplex step` reports, run with `coreType` in its environment
  /// (or without the variable when nil).
  private func reportedKernels(coreType: String?) throws -> String {
    let process = Process()
    process.executableURL = Fixtures.builtSamplex
    process.arguments = [
      "step", "--vocab-size", "1000", "--dim", "8", "--batch", "16", "--samples", "8",
      "--warmup", "0", "--steps", "1", "--repeats", "1", "--threads", "1",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_CORETYPE"] = coreType
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let line = try #require(String(decoding: data, as: UTF8.self).split(separator: "\n").last)
    let object = try #require(
      JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    return try #require(object["blas_kernels"] as? String)
  }

  /// A field of the first processor in /proc/cpuinfo, read there rather than from CPUID so that
  /// the test does not repeat the code it checks.
  private func cpuField(_ name: String) -> String? {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let first = text.components(separatedBy: "\n\n").first
    else { return nil }
    return first.split(separator: "\n").first { $0.hasPrefix(name) }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// Whether the CPU has every one of `flags` (the system lists only those it enabled).
  private func hasFlags(_ flags: [String]) -> Bool {
    let listed = Set((cpuField("flags") ?? "").split(separator: " ").map(String.init))
    return flags.allSatisfy(listed.contains)
  }

  /// Zen 4 as the choice defines it: AMD, family 25 (0x19), AVX-512 Foundation.
  private var runsOnZen4: Bool {
    cpuField("vendor_id") == "AuthenticAMD" && cpuField("cpu family") == "25"
      && hasFlags(["avx512f"])
  }

  @Test func zen4GetsHaswellsKernelsAFallbackTheWidestAndOtherCPUsOpenBLASsOwn() throws {
    let reported = try reportedKernels(coreType: nil)
    // This test process loaded OpenBLAS without the variable (unless the user set it): its
    // kernels are OpenBLAS's own choice.
    let own = Gemm.kernelName
    if runsOnZen4 {
      #expect(reported == "Haswell")
    } else if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil {
      return
    } else if own == "Prescott"
      && hasFlags(["avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"])
    {
      #expect(reported == "SkylakeX")
    } else if own == "Prescott" && hasFlags(["avx2", "fma"]) {
      #expect(reported == "Haswell")
    } else {
      #expect(reported == own)
    }
  }

  #if arch(x86_64)
    @Test func aUsersSettingIsKept() throws {
      // Sandy Bridge's kernels need only AVX, so they run on any x86-64 CPU of the last decade;
      // on Zen 4 the choice would otherwise give Haswell.
      #expect(try reportedKernels(coreType: "Sandybridge") == "Sandybridge")
    }
  #endif
}
