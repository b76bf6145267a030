import Foundation

/// The memory a run can still allocate: the least of what the system has free (Linux's
/// MemAvailable), what the process's address-space limit leaves (`ulimit -v`, RLIMIT_AS) and
/// what its cgroup's limit leaves. An allocation past any of them aborts the process.
enum AvailableMemory {
  /// The least of the three that are known, or nil when none is.
  static func bytes() -> Int? {
    [systemAvailable(), addressSpaceLeft(), cgroupLeft()].compactMap { $0 }.min()
  }

  static func systemAvailable() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else {
      return nil
    }
    for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let fields = line.split(separator: " ")
      if fields.count >= 2, let kilobytes = Int(fields[1]) { return kilobytes * 1024 }
    }
    return nil
  }

  /// RLIMIT_AS less the address space the process already maps (/proc/self/statm's first
  /// field, in pages); nil without a limit.
  static func addressSpaceLeft() -> Int? {
    var limit = rlimit()
    // No limit is RLIM_INFINITY, all bits set: past `Int.max` like any limit too large to bind.
    guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur < UInt(Int.max)
    else { return nil }
    let pages =
      (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?
      .split(separator: " ").first.flatMap { Int($0) } ?? 0
    return max(0, Int(limit.rlim_cur) - pages * Int(sysconf(Int32(_SC_PAGESIZE))))
  }

  /// The cgroup v2 limit (memory.max) less its usage (memory.current); nil without a limit.
  static func cgroupLeft() -> Int? {
    func number(_ file: String) -> Int? {
      (try? String(contentsOfFile: "/sys/fs/cgroup/" + file, encoding: .utf8))
        .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
    guard let limit = number("memory.max") else { return nil }
    return max(0, limit - (number("memory.current") ?? 0))
  }
}
