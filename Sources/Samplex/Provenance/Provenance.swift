import Foundation

/// Where a result comes from: the Samplex build, the machine and the date (UTC) it ran on,
/// recorded with every run (`RunRecord`) and bench report, so that a figure can be traced to the
/// code and the CPU that gave it.
public struct Provenance: Sendable, Codable, Equatable {
  /// `SamplexBuild.version`.
  public var samplex: String
  /// `SamplexBuild.commit`.
  public var commit: String
  public var uncommittedChanges: Bool
  public var machine: Machine
  /// When it began, in ISO 8601 (UTC, whole seconds).
  public var date: String

  enum CodingKeys: String, CodingKey {
    case samplex, commit, machine, date
    case uncommittedChanges = "uncommitted_changes"
  }

  public init(
    samplex: String, commit: String, uncommittedChanges: Bool, machine: Machine, date: String
  ) {
    self.samplex = samplex
    self.commit = commit
    self.uncommittedChanges = uncommittedChanges
    self.machine = machine
    self.date = date
  }

  /// This build on this machine, now.
  public static func current(at date: Date = Date()) -> Provenance {
    Provenance(
      samplex: SamplexBuild.version, commit: SamplexBuild.commit,
      uncommittedChanges: SamplexBuild.hasUncommittedChanges, machine: .current,
      date: date.formatted(.iso8601))
  }

  /// One sentence for people: "Samplex 0.9.0 (commit …) on CPU (N cores), DATE".
  public var summary: String {
    "Samplex "
      + SamplexBuild.describe(
        version: samplex, commit: commit, uncommittedChanges: uncommittedChanges)
      + " on \(machine.cpu) (\(machine.cores) \(machine.cores == 1 ? "core" : "cores")), \(date)"
  }
}
