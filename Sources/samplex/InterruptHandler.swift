import Dispatch
import Foundation
import Samplex
import Synchronization

/// SIGINT and SIGTERM during training: the first asks the run to stop at its next publishing
/// interval (it then ends with the last checkpoint in place); a second ends the process at
/// once. Either way no output is half-written: every file is renamed into place whole.
final class InterruptHandler {
  let stop = StopRequest()
  private var sources: [any DispatchSourceSignal] = []

  /// Signals received so far, shared with the handlers.
  private final class Count: Sendable {
    let value = Atomic<Int>(0)
  }

  init() {
    let count = Count()
    let stop = self.stop
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        if count.value.add(1, ordering: .relaxed).newValue == 1 {
          stop.request()
          FileHandle.standardError.write(
            "\nstopping at the next publishing point (signal again to quit at once)\n".data(
              using: .utf8)!)
        } else {
          _exit(130)
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  deinit {
    sources.forEach { $0.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
