import Foundation

/// The one folder under the system's temporary directory that holds every file and folder this
/// test process makes, removed when the process exits; folders left by test processes that are
/// gone (killed before they could remove theirs) are removed when it is made. Without it each
/// run of the suite left hundreds of folders behind (3.1 GB in /tmp after nine sessions).
enum ProcessScratchFolder {
  /// Names begin with this, then the process id.
  private static let prefix = "samplex-tests-"

  static let url: URL = {
    let temporary = FileManager.default.temporaryDirectory
    removeFoldersOfEndedProcesses(in: temporary)
    let folder = temporary.appendingPathComponent(prefix + String(getpid()))
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // A C function pointer captures nothing, so the folder is found again from the process id.
    atexit {
      try? FileManager.default.removeItem(
        at: FileManager.default.temporaryDirectory.appendingPathComponent(
          ProcessScratchFolder.prefix + String(getpid())))
    }
    return folder
  }()

  /// Removes `samplex-tests-PID…` and the older `samplex-kjv-PID` folders whose process no
  /// longer exists; a live process's folder, or a name of another shape, is left alone.
  private static func removeFoldersOfEndedProcesses(in temporary: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    for name in names {
      guard let start = [prefix, "samplex-kjv-"].first(where: name.hasPrefix) else { continue }
      let digits = name.dropFirst(start.count).prefix(while: \.isNumber)
      guard let pid = pid_t(digits), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
    }
  }
}
