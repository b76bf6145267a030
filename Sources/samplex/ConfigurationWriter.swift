import Foundation
import Samplex

/// Writes a run's resolved settings as YAML, in the sections `samplex train --config` reads.
enum ConfigurationWriter {
  static func write(_ options: TrainingOptions, corpus: String, to path: String) throws {
    let sections: [(String, [(String, String)])] = [
      ("corpus", [("path", quoted(corpus)), ("lowercase", "\(options.lowercase)")]),
      (
        "vocabulary",
        [
          ("min_count", "\(options.minCount)"),
          ("max_size", options.maxVocabularySize.map(String.init) ?? "null"),
          ("subsample", "\(options.subsample)"),
        ]
      ),
      (
        "model",
        [
          ("architecture", options.architecture.rawValue), ("dim", "\(options.dimensions)"),
          ("window", "\(options.window)"),
        ]
      ),
      (
        "loss",
        [
          ("loss", options.loss.rawValue), ("sampler", options.sampler.rawValue),
          ("power", "\(options.power)"),
          ("samples", "\(options.samples)"), ("candidates", options.candidateSharing.rawValue),
        ]
      ),
      (
        "training",
        [
          ("epochs", "\(options.epochs)"), ("lr", "\(options.startingLearningRate)"),
          ("min_lr", "\(options.endingLearningRate)"), ("threads", "\(options.workers)"),
          ("seed", "\(options.seed)"), ("heldout", "\(options.heldOutShare)"),
          ("heldout_pairs", "\(options.heldOutPairs)"),
        ]
      ),
    ]
    try AtomicFile.write(to: path) { file in
      for (section, keys) in sections {
        try file.write("\(section):\n")
        for (key, value) in keys { try file.write("  \(key): \(value)\n") }
      }
    }
  }

  private static func quoted(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "\"", with: "\\\"") + "\""
  }
}
