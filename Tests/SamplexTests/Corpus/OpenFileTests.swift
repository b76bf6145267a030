import Foundation
import TestSupport
import Testing

@testable import Samplex

@Suite struct OpenFileTests {
  /// A directory is refused and its descriptor closed once. Closed twice (the refusal closed it
  /// and a `deinit` closed it again), the second close took whatever file another thread had
  /// opened under the same number in between: here the reader's reads fail or read another file.
  @Test func refusingADirectoryClosesNoOtherThreadsFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    let path = folder + "/text.txt"
    let text = Array("sixteen bytes!!\n".utf8)
    try Data(text).write(to: URL(fileURLWithPath: path))
    let done = DispatchSemaphore(value: 0)
    let refusals = Thread {
      for _ in 0..<20_000 { _ = try? OpenFile(path: folder) }
      done.signal()
    }
    nonisolated(unsafe) var failures = 0
    let reader = Thread {
      for _ in 0..<20_000 {
        guard let file = try? OpenFile(path: path) else {
          failures += 1
          continue
        }
        if (try? file.contents()) != text { failures += 1 }
      }
      done.signal()
    }
    refusals.start()
    reader.start()
    done.wait()
    done.wait()
    #expect(failures == 0)
  }
}
