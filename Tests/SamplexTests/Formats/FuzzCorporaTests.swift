import Foundation
import Samplex
import TestSupport
import Testing

/// Replays the libFuzzer targets' kept corpora (`Tests/Fuzz/Corpora/<reader>/`, grown by
/// `Scripts/fuzz.sh`) through the same readers in the ordinary build, so that every input the
/// fuzzer kept, and every finding added there once fixed, is checked on each test run.
@Suite struct FuzzCorporaTests {
  @Test(arguments: FuzzTarget.allCases)
  func keptInputsAreReadOrRefusedClearly(target: FuzzTarget) throws {
    let folder = Fixtures.root.appendingPathComponent("Tests/Fuzz/Corpora/" + target.rawValue).path
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(names.count >= 1, "\(folder) holds no inputs")
    let path = try Fixtures.temporaryDirectory() + "/input"
    var refused = 0
    for name in names {
      let bytes = try OpenFile(path: folder + "/" + name).contents()
      let input = bytes.withUnsafeBytes { target.prepared($0) }
      try #require(input.withUnsafeBytes { FuzzTarget.writeFile(path, $0) })
      do {
        try target.read(path)
      } catch {
        guard FuzzTarget.isMeantForUsers(error) else {
          Issue.record("\(target.rawValue)/\(name): unexpected \(type(of: error)): \(error)")
          continue
        }
        refused += 1
        // A message meant for users is one sentence naming the file.
        #expect("\(error)".contains(path), "\(name): \(error)")
      }
    }
    // The seeds are valid files: a corpus where everything is refused has lost them.
    #expect(refused < names.count, "every kept \(target.rawValue) input was refused")
  }
}
