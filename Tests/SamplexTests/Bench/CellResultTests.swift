import Foundation
import Samplex
import SamplexBench
import TestSupport
import Testing

@Suite struct CellResultTests {
  /// A damaged `result.json` is named with what is wrong in words (the key missing or of the
  /// wrong kind, or that it is no JSON) and what to do; before, the sentence held
  /// Foundation's own description of the decoding error, `NSCocoaErrorDomain` and coding paths.
  @Test func aDamagedCellResultIsRefusedInWords() throws {
    let folder = try Fixtures.temporaryDirectory()
    let cases = [
      ("{\"name\": \"a\"}", "it is not a cell result: 'loss' is missing"),
      ("{\"name\": 3}", "it is not a cell result: 'name' has a value of the wrong kind"),
      ("not json", "it is not JSON"),
    ]
    for (index, (text, reason)) in cases.enumerated() {
      let path = folder + "/result-\(index).json"
      try text.write(toFile: path, atomically: false, encoding: .utf8)
      #expect(throws: BenchError.unreadableResult(path: path, reason: reason)) {
        _ = try CellResult.read(path: path)
      }
    }
    #expect(throws: BenchError.unreadableResult(path: folder, reason: "it is a folder")) {
      _ = try CellResult.read(path: folder)
    }
  }
}
