import Samplex

/// A reference file that cannot be used, with what is wrong.
package enum ConformanceError: Error, CustomStringConvertible, Equatable, Sendable {
  case malformed(path: String, reason: String)

  package var description: String {
    switch self {
    case .malformed(let path, let reason):
      return "\(path): \(reason); give a file in the tf-losses-reference/v1 schema."
    }
  }
}
