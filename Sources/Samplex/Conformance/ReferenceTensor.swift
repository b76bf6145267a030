import Foundation

/// A tensor of a reference file: its dtype, its shape and its values, row-major.
public struct ReferenceTensor: Sendable {
  public let dtype: String
  public let shape: [Int]
  /// Every value as a Double: float32 values written as their shortest decimal come back as the
  /// identical float through `Float(_:)`.
  public let values: [Double]

  init(_ value: Any, path: String, field: String) throws {
    guard let object = value as? [String: Any], let dtype = object["dtype"] as? String,
      let shape = object["shape"] as? [NSNumber], let data = object["data"] as? [Any]
    else {
      throw ConformanceError.malformed(
        path: path, reason: "\(field) is not a {dtype, shape, data} tensor")
    }
    self.dtype = dtype
    self.shape = shape.map(\.intValue)
    values = try data.map { element in
      guard let number = element as? NSNumber else {
        throw ConformanceError.malformed(
          path: path, reason: "\(field) holds a value that is not a number")
      }
      return number.doubleValue
    }
    let expected = self.shape.reduce(1, *)
    guard values.count == expected else {
      throw ConformanceError.malformed(
        path: path, reason: "\(field) has \(values.count) values for shape \(self.shape)")
    }
  }

  public var floats: [Float] { values.map(Float.init) }
  public var integers: [Int] { values.map { Int($0) } }
  public var ids: [Int32] { values.map { Int32($0) } }
}
