import Foundation

/// The χ² distribution's upper tail, for goodness-of-fit checks of the samplers.
package enum ChiSquare {
  /// P(X ≥ `statistic`) for X ~ χ²(`degreesOfFreedom`), by Wilson and Hilferty's cube-root
  /// normal approximation (accurate to about 1e-3 in p for k ≥ 3, enough to judge p ≥ 1e-3).
  package static func upperTail(_ statistic: Double, degreesOfFreedom: Int) -> Double {
    let k = Double(max(degreesOfFreedom, 1))
    let z = (pow(statistic / k, 1.0 / 3) - (1 - 2 / (9 * k))) / (2 / (9 * k)).squareRoot()
    return 0.5 * erfc(z / 2.0.squareRoot())
  }
}
