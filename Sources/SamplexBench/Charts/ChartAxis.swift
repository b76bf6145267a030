import Foundation
import Samplex

/// One axis of a chart: the data range mapped onto a pixel range, linear or logarithmic, with
/// "nice" tick values (1, 2 or 5 times a power of ten) and their labels.
struct ChartAxis {
  let low: Double
  let high: Double
  let logarithmic: Bool
  /// Pixel positions of `low` and `high`.
  let start: Double
  let end: Double

  /// An axis spanning `values` (padded a little, and widened when all are equal); with no value
  /// to draw (none finite, or none positive on a log axis), 0...1 (1...10 on a log axis).
  init(values: [Double], logarithmic: Bool, start: Double, end: Double, fromZero: Bool = false) {
    let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
    var low = finite.min() ?? (logarithmic ? 1 : 0)
    var high = finite.max() ?? (logarithmic ? 10 : 1)
    if fromZero && !logarithmic { low = min(low, 0) }
    if logarithmic {
      if low == high {
        low /= 2
        high *= 2
      }
      low = pow(10, floor(log10(low)))
      high = pow(10, ceil(log10(high)))
    } else {
      // Widened by its size too: at 1e17 a step of 1 is below the spacing of Doubles.
      if low == high {
        let width = max(1, abs(low) * 0.01)
        low -= width
        high += width
      }
      let pad = (high - low) * 0.05
      if !(fromZero && low == 0) { low -= pad }
      high += pad
    }
    self.low = low
    self.high = high
    self.logarithmic = logarithmic
    self.start = start
    self.end = end
  }

  /// The pixel position of `value`.
  func position(_ value: Double) -> Double {
    let share =
      logarithmic
      ? (log10(value) - log10(low)) / (log10(high) - log10(low))
      : (value - low) / (high - low)
    return start + (end - start) * share
  }

  /// Tick values inside the range: powers of ten on a log axis, else about `count` nice steps.
  /// A range too wide for Doubles, or too narrow for them to step through (1e300 apart, or
  /// 1 apart at 1e17), gets its two ends alone: stepping there would never reach the end.
  func ticks(count: Int = 6) -> [Double] {
    let ends = [low, high].filter(\.isFinite)
    if logarithmic {
      let (first, last) = (log10(low), log10(high))
      guard first.isFinite, last.isFinite, last - first < 400 else { return ends }
      return stride(from: first, through: last + 1e-9, by: 1).map { pow(10, $0) }
    }
    let raw = (high - low) / Double(count)
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var value = (low / step).rounded(.up) * step
    guard step.isFinite, step > 0, value.isFinite, value + step > value else { return ends }
    var values: [Double] = []
    while value <= high + step * 1e-9, values.count <= 4 * count {
      values.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return values
  }

  /// The ticks with their labels, each written with as few decimals (two at least) as keep
  /// neighbouring labels apart: at two decimals the ticks 0.826 and 0.828 would both read 0.83.
  func labeledTicks(count: Int = 6) -> [(value: Double, label: String)] {
    let values = ticks(count: count)
    var labels = values.map { Self.label($0) }
    var decimals = 2
    // Doubles hold 17 significant digits, so more decimals than that tell no ticks apart.
    while decimals < 17, zip(labels, labels.dropFirst()).contains(where: { $0 == $1 }) {
      decimals += 1
      labels = values.map { Self.label($0, decimals: decimals) }
    }
    return Array(zip(values, labels)).map { (value: $0, label: $1) }
  }

  /// A short label with at most `decimals` decimals: 12k, 1.5M, 0.25, 7.
  static func label(_ value: Double, decimals: Int = 2) -> String {
    let magnitude = abs(value)
    func trimmed(_ number: Double, _ suffix: String) -> String {
      var text = String(format: "%.\(decimals)f", number)
      while text.contains("."), text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
      return text + suffix
    }
    if magnitude >= 1e6 { return trimmed(value / 1e6, "M") }
    if magnitude >= 1e3 { return trimmed(value / 1e3, "k") }
    return trimmed(value, "")
  }
}
