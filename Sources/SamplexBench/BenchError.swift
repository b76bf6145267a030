import Samplex

/// A bench that cannot run, found before any cell trains; or a bench folder that cannot be read.
package enum BenchError: Error, CustomStringConvertible, Equatable, Sendable {
  case badGridValue(ConfigurationOrigin, key: String, found: String, expected: String)
  case emptyGrid
  case noSeeds(ConfigurationOrigin)
  case unreadableResult(path: String, reason: String)

  package var description: String {
    switch self {
    case .badGridValue(let origin, let key, let found, let expected):
      return "\(origin): '\(key)' lists '\(found)'; each entry must be \(expected)."
    case .emptyGrid:
      return "the bench grid is empty: list at least one sampler, loss and candidate count under "
        + "'bench' (samplers, losses, samples), or set bench.full_softmax: true."
    case .noSeeds(let origin):
      return "\(origin): 'bench.seeds' lists no seed; list at least one positive integer, or "
        + "remove the key to train every cell under training.seed."
    case .unreadableResult(let path, let reason):
      return "\(path): cannot read this finished cell (\(reason)); delete the file to train the "
        + "cell again."
    }
  }
}
