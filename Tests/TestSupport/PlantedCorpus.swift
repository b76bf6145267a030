import Foundation
import Samplex

/// A corpus with planted structure: 8 groups of 4 words; every sentence puts one word of a group
/// among context words of that group only, so words of one group share all their contexts and
/// nothing else.
public func plantedCorpus(sentences: Int, seed: UInt64) throws -> String {
  var random = Xoshiro256StarStar(seed: seed)
  var lines: [String] = []
  for _ in 0..<sentences {
    let group = random.next(below: 8)
    func context() -> String { "g\(group)c\(random.next(below: 3))" }
    lines.append(
      [context(), context(), "g\(group)w\(random.next(below: 4))", context(), context()].joined(
        separator: " "))
  }
  return try Fixtures.file(
    named: "planted.txt", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
}

/// Options for training on `plantedCorpus`: 16 dimensions, a window of 2, every word kept (min
/// count 1, no subsampling), five epochs of one worker, a tenth of the sentences held out.
public func plantedOptions() -> TrainingOptions {
  var options = TrainingOptions()
  options.dimensions = 16
  options.window = 2
  options.minCount = 1
  options.subsample = 0
  options.epochs = 5
  options.workers = 1
  options.heldOutShare = 0.1
  options.progressInterval = 60
  return options
}
