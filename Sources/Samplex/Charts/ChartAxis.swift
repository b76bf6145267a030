import Foundation

/// One axis of a chart: the data range mapped onto a pixel range, linear or logarithmic, with
/// "nice" tick values (1, 2 or 5 times a power of ten) and their labels.
struct ChartAxis {
  let low: Double
  let high: Double
  let logarithmic: Bool
  /// Pixel positions of `low` and `high`.
  let start: Double
  let end: Double

  /// An axis spanning `values` (padded a little, and widened when all are equal).
  init(values: [Double], logarithmic: Bool, start: Double, end: Double, fromZero: Bool = false) {
    let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    if fromZero && !logarithmic { low = min(low, 0) }
    if logarithmic {
      if low == high {
        low /= 2
        high *= 2
      }
      low = pow(10, floor(log10(low)))
      high = pow(10, ceil(log10(high)))
    } else {
      if low == high {
        low -= 1
        high += 1
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
  func ticks(count: Int = 6) -> [Double] {
    if logarithmic {
      return stride(from: log10(low), through: log10(high) + 1e-9, by: 1).map { pow(10, $0) }
    }
    let raw = (high - low) / Double(count)
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var values: [Double] = []
    var value = (low / step).rounded(.up) * step
    while value <= high + step * 1e-9 {
      values.append(abs(value) < step * 1e-9 ? 0 : value)
      value += step
    }
    return values
  }

  /// A short label: 12k, 1.5M, 0.25, 7.
  static func label(_ value: Double) -> String {
    let magnitude = abs(value)
    func trimmed(_ number: Double, _ suffix: String) -> String {
      var text = String(format: "%.2f", number)
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
      return text + suffix
    }
    if magnitude >= 1e6 { return trimmed(value / 1e6, "M") }
    if magnitude >= 1e3 { return trimmed(value / 1e3, "k") }
    return trimmed(value, "")
  }
}
