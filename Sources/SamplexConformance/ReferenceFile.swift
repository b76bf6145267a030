import Foundation
import Samplex

/// A file of reference numbers in the `tf-losses-reference/v1` schema: TensorFlow's inputs,
/// outputs and gradients for every loss and sampler case, and the unigram tables they use.
package struct ReferenceFile: Sendable {
  package let path: String
  package let cases: [ReferenceCase]
  /// Named tensors the cases refer to (`unigram_counts_r1000`, …).
  package let tables: [String: ReferenceTensor]

  /// The largest reference file read: the committed one is 8 MB, and a path to a device fails
  /// at once instead of filling memory.
  package static let maxBytes = 256 << 20

  /// Reads and parses `path`.
  /// - Throws: `ConformanceError` naming the file and what is wrong with it.
  package init(path: String) throws {
    self.path = path
    let file: OpenFile
    do {
      file = try OpenFile(path: path)
    } catch {
      throw error.reading("a reference file")
    }
    guard let read = try file.contents(limit: Self.maxBytes) else {
      throw ConformanceError.malformed(
        path: path,
        reason: "it holds more than \(Self.maxBytes >> 20) MiB, more than any reference file")
    }
    let data = Data(read)
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ConformanceError.malformed(path: path, reason: "it is not valid JSON")
    }
    guard let object = root as? [String: Any] else {
      throw ConformanceError.malformed(path: path, reason: "the top level is not an object")
    }
    guard let schema = object["schema"] as? String, schema == "tf-losses-reference/v1" else {
      throw ConformanceError.malformed(
        path: path, reason: "its schema is not 'tf-losses-reference/v1'")
    }
    guard let cases = object["cases"] as? [[String: Any]] else {
      throw ConformanceError.malformed(path: path, reason: "it has no 'cases' array")
    }
    var tables: [String: ReferenceTensor] = [:]
    for (name, value) in object["tables"] as? [String: Any] ?? [:] {
      tables[name] = try ReferenceTensor(value, path: path, field: "tables.\(name)")
    }
    self.tables = tables
    self.cases = try cases.enumerated().map { index, fields in
      try ReferenceCase(fields, path: path, index: index)
    }
  }
}

/// One case of a reference file: its identity and its raw fields, read on demand.
package struct ReferenceCase: @unchecked Sendable {
  package let id: String
  package let group: String
  package let api: String
  /// `params`: numbers, strings and booleans as JSON gave them.
  package let parameters: [String: Any]
  let fields: [String: Any]
  let path: String

  init(_ fields: [String: Any], path: String, index: Int) throws {
    guard let id = fields["id"] as? String, let group = fields["group"] as? String else {
      throw ConformanceError.malformed(path: path, reason: "case \(index) has no 'id' or 'group'")
    }
    self.id = id
    self.group = group
    api = fields["api"] as? String ?? ""
    parameters = fields["params"] as? [String: Any] ?? [:]
    self.fields = fields
    self.path = path
  }

  /// The tensor at a dotted path (`outputs.loss`, `derived.p_true`).
  package func tensor(_ dottedPath: String) throws -> ReferenceTensor {
    try ReferenceTensor(
      value(at: dottedPath, in: fields), path: path, field: "\(id): \(dottedPath)")
  }

  /// Whether a field exists at a dotted path.
  package func has(_ dottedPath: String) -> Bool {
    (try? value(at: dottedPath, in: fields)) != nil
  }

  /// A number at a dotted path.
  package func number(_ dottedPath: String) throws -> Double {
    guard let number = try value(at: dottedPath, in: fields) as? NSNumber else {
      throw ConformanceError.malformed(path: path, reason: "\(id): '\(dottedPath)' is not a number")
    }
    return number.doubleValue
  }

  /// A parameter as an integer, a number, a string or a boolean.
  package func integer(_ name: String) throws -> Int { Int(try parameter(name).doubleValue) }
  package func double(_ name: String) throws -> Double { try parameter(name).doubleValue }
  package func string(_ name: String) -> String? { parameters[name] as? String }
  package func flag(_ name: String) throws -> Bool { try parameter(name).boolValue }

  /// The raw `steps` of a stateful case.
  package var steps: [[String: Any]] { fields["steps"] as? [[String: Any]] ?? [] }

  /// The tensor at a dotted path inside one of `steps`.
  package func tensor(_ dottedPath: String, inStep step: Int) throws -> ReferenceTensor {
    try ReferenceTensor(
      value(at: dottedPath, in: steps[step]), path: path,
      field: "\(id): steps[\(step)].\(dottedPath)")
  }

  private func parameter(_ name: String) throws -> NSNumber {
    guard let number = parameters[name] as? NSNumber else {
      throw ConformanceError.malformed(path: path, reason: "\(id): parameter '\(name)' is missing")
    }
    return number
  }

  private func value(at dottedPath: String, in object: [String: Any]) throws -> Any {
    var current: Any = object
    for key in dottedPath.split(separator: ".") {
      guard let dictionary = current as? [String: Any], let next = dictionary[String(key)] else {
        throw ConformanceError.malformed(path: path, reason: "\(id): '\(dottedPath)' is missing")
      }
      current = next
    }
    return current
  }
}
