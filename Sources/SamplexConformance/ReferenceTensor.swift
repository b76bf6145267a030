import Foundation
import Samplex

/// A tensor of a reference file: its dtype, its shape and its values, row-major.
package struct ReferenceTensor: Sendable {
  package let dtype: String
  package let shape: [Int]
  /// Every value as a Double; float32 values are first rounded to the float their decimal stands
  /// for, so that they compare exactly with Samplex's floats.
  package let values: [Double]

  init(_ value: Any, path: String, field: String) throws {
    guard let object = value as? [String: Any], let dtype = object["dtype"] as? String,
      let shape = object["shape"] as? [NSNumber], let data = object["data"] as? [Any]
    else {
      throw ConformanceError.malformed(
        path: path, reason: "\(field) is not a {dtype, shape, data} tensor")
    }
    self.dtype = dtype
    self.shape = shape.map(\.intValue)
    let isFloat32 = dtype == "float32"
    values = try data.map { element in
      guard let number = element as? NSNumber else {
        throw ConformanceError.malformed(
          path: path, reason: "\(field) holds a value that is not a number")
      }
      // A float32 value is its decimal rounded to float: −3.4028235e38 is FLT_MAX's decimal,
      // 3.4e30 away from FLT_MAX itself.
      return isFloat32 ? Double(Float(number.doubleValue)) : number.doubleValue
    }
    let expected = self.shape.reduce(1, *)
    guard values.count == expected else {
      throw ConformanceError.malformed(
        path: path, reason: "\(field) has \(values.count) values for shape \(self.shape)")
    }
  }

  package var floats: [Float] { values.map(Float.init) }
  package var integers: [Int] { values.map { Int($0) } }
  package var ids: [Int32] { values.map { Int32($0) } }
}
