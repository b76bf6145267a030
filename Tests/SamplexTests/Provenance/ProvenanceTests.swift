import Foundation
import TestSupport
import Testing

@testable import Samplex

/// Where results come from: the build's version and commit, the machine, the date, and a run
/// folder's record of each session.
@Suite struct ProvenanceTests {
  /// The commit of the checkout the tests were built from, as git tells it; "unknown" outside
  /// one.
  private func checkoutCommit() throws -> String {
    let git = try commandOutput("/usr/bin/git", ["-C", Fixtures.root.path, "rev-parse", "HEAD"])
    return git.status == 0 ? git.output.trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
  }

  /// The build plugin wrote the commit the package was built from into the library.
  @Test func theBuildKnowsItsCommit() throws {
    #expect(SamplexBuild.commit == (try checkoutCommit()))
    // A semantic version: three numbers.
    let parts = SamplexBuild.version.split(separator: ".", omittingEmptySubsequences: false)
    #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "\(SamplexBuild.version)")
    #expect(
      SamplexBuild.description.hasPrefix(
        "\(SamplexBuild.version) (commit \(SamplexBuild.commit)"))
  }

  /// The CPU's name from /proc/cpuinfo's text, x86's and ARM's, with runs of spaces joined.
  @Test func theCPUModelIsReadFromCPUInfo() {
    let x86 = """
      processor\t: 0
      vendor_id\t: GenuineIntel
      model name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz
      flags\t\t: fpu vme

      processor\t: 1
      model name\t: Intel(R) Xeon(R)  CPU @ 2.20GHz
      """
    #expect(Machine.cpuModel(inCPUInfo: x86) == "Intel(R) Xeon(R) CPU @ 2.20GHz")
    let arm = "processor\t: 0\nBogoMIPS\t: 48.00\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"
    #expect(Machine.cpuModel(inCPUInfo: arm) == "Raspberry Pi 4 Model B Rev 1.4")
    #expect(Machine.cpuModel(inCPUInfo: "processor\t: 0\nmodel name\t:\n") == nil)
    #expect(Machine.current.cores == ProcessInfo.processInfo.activeProcessorCount)
  }

  /// This build and machine now, with the date in ISO 8601 UTC, and one sentence for people.
  @Test func theCurrentProvenanceNamesBuildMachineAndDate() throws {
    let date = Date(timeIntervalSince1970: 1_796_529_600)
    let provenance = Provenance.current(at: date)
    #expect(provenance.samplex == SamplexBuild.version && provenance.commit == SamplexBuild.commit)
    #expect(provenance.machine == Machine.current)
    #expect(provenance.date == "2026-12-06T04:00:00Z")
    let other = Provenance(
      samplex: "0.8.0", commit: "abc", uncommittedChanges: true,
      machine: Machine(cpu: "Some CPU", cores: 1), date: "2026-01-02T03:04:05Z")
    #expect(
      other.summary
        == "Samplex 0.8.0 (commit abc, with uncommitted changes) on Some CPU (1 core), "
        + "2026-01-02T03:04:05Z")
  }

  /// A new run's record names the run and its start; a resume adds its session to the record
  /// of the same run, and starts a record without a known start when the folder holds none of
  /// that run (another run's record, or a run begun before records).
  @Test func aRunRecordKeepsEachSessionOfItsRun() throws {
    let folder = try Fixtures.temporaryDirectory()
    let path = RunFile.record.path(in: folder)
    let first = Provenance.current(at: Date(timeIntervalSince1970: 1_796_529_600))
    let later = Provenance.current(at: Date(timeIntervalSince1970: 1_796_533_200))
    let run = RunID(value: 42)
    try RunRecord.beginning(first, of: run, resuming: false, in: folder).record.write(to: path)
    #expect(try RunRecord.read(from: path) == RunRecord(run: run, started: first))
    try RunRecord.beginning(later, of: run, resuming: true, in: folder).record.write(to: path)
    #expect(
      try RunRecord.read(from: path) == RunRecord(run: run, started: first, resumed: [later]))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("\"run\" : \"000000000000002a\""))
    #expect(text.contains("\"uncommitted_changes\" : "))
    let another = RunID(value: 7)
    #expect(
      RunRecord.beginning(later, of: another, resuming: true, in: folder).record
        == RunRecord(run: another, started: nil, resumed: [later]))
  }
}
