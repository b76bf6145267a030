import Foundation

/// The machine a run trains on, as its provenance names it: speeds are the CPU's.
public struct Machine: Sendable, Codable, Equatable {
  /// The CPU's model name, or "unknown" where /proc/cpuinfo names none.
  public var cpu: String
  /// The logical cores online.
  public var cores: Int

  public init(cpu: String, cores: Int) {
    self.cpu = cpu
    self.cores = cores
  }

  /// This machine.
  public static var current: Machine {
    let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
    return Machine(
      cpu: cpuInfo.flatMap(cpuModel(inCPUInfo:)) ?? "unknown",
      cores: ProcessInfo.processInfo.activeProcessorCount)
  }

  /// The first model name in the text of /proc/cpuinfo: x86's `model name`, else the `Model`
  /// or `Hardware` some ARM kernels give; spaces run together.
  static func cpuModel(inCPUInfo text: String) -> String? {
    let fields = text.split(separator: "\n").compactMap { line -> (String, String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      let value = line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace)
        .joined(separator: " ")
      return (line[..<colon].trimmingCharacters(in: .whitespaces), value)
    }
    for key in ["model name", "Model", "Hardware"] {
      if let value = fields.first(where: { $0.0 == key && !$0.1.isEmpty })?.1 { return value }
    }
    return nil
  }
}
