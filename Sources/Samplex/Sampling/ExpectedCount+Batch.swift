extension ExpectedCount {
  /// `tensorFlow(probability:numSampled:numTries:)` for many probabilities at once, in place,
  /// four lanes at a time: the same series and the same branch-free exponential, in
  /// `SIMD4<Double>`. A chunk with a probability of 1/16 or more (where `log1p(−p)` needs libm)
  /// goes through the scalar path.
  @inlinable
  package static func tensorFlow(
    probabilities values: UnsafeMutableBufferPointer<Float>, numSampled: Int, numTries: Int
  ) {
    let count = values.count
    if numTries == numSampled {
      let scale = Float(numSampled)
      for index in 0..<count { values[index] *= scale }
      return
    }
    let tries = Float(numTries)
    var index = 0
    while index &+ 4 <= count {
      let p = SIMD4<Double>(
        Double(values[index]), Double(values[index &+ 1]), Double(values[index &+ 2]),
        Double(values[index &+ 3]))
      if any(p .>= 0.0625) {
        for lane in 0..<4 {
          values[index &+ lane] = tensorFlow(
            probability: values[index &+ lane], numSampled: numSampled, numTries: numTries)
        }
      } else {
        let logs = -p * series(p, 1.0 / 8, 1.0 / 7, 1.0 / 6, 1.0 / 5, 1.0 / 4, 1.0 / 3, 1.0 / 2, 1)
        // TensorFlow multiplies in float: round the log to float, multiply by tries in float.
        let y = SIMD4<Double>(
          Double(tries * Float(logs[0])), Double(tries * Float(logs[1])),
          Double(tries * Float(logs[2])), Double(tries * Float(logs[3])))
        let e = expm1OfNegative(y)
        for lane in 0..<4 { values[index &+ lane] = Float(-e[lane]) }
      }
      index &+= 4
    }
    while index < count {
      values[index] = tensorFlow(
        probability: values[index], numSampled: numSampled, numTries: numTries)
      index &+= 1
    }
  }

  /// Horner's rule for c0·x⁷ + c1·x⁶ + … + c7, written out (an array literal here would be
  /// allocated on every call).
  @inlinable @inline(__always)
  static func series(
    _ x: SIMD4<Double>, _ c0: Double, _ c1: Double, _ c2: Double, _ c3: Double, _ c4: Double,
    _ c5: Double, _ c6: Double, _ c7: Double
  ) -> SIMD4<Double> {
    var sum = SIMD4<Double>(repeating: c0)
    sum = sum * x + SIMD4(repeating: c1)
    sum = sum * x + SIMD4(repeating: c2)
    sum = sum * x + SIMD4(repeating: c3)
    sum = sum * x + SIMD4(repeating: c4)
    sum = sum * x + SIMD4(repeating: c5)
    sum = sum * x + SIMD4(repeating: c6)
    return sum * x + SIMD4(repeating: c7)
  }

  /// `expm1OfNegative` in four lanes.
  @inlinable @inline(__always)
  static func expm1OfNegative(_ y: SIMD4<Double>) -> SIMD4<Double> {
    let series =
      y * series(y, 1.0 / 40_320, 1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 1.0 / 2, 1)
    let direct = FastExponential.exp(y) - 1
    return series.replacing(with: direct, where: y .<= -0.25)
  }
}

extension FastExponential {
  /// `exp` in four lanes: the same steps as the scalar version.
  @inlinable @inline(__always)
  package static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
    let clamped = x.clamped(lowerBound: SIMD4(repeating: -700), upperBound: SIMD4(repeating: 700))
    let scaled: SIMD4<Double> = clamped * 1.442_695_040_888_963_4
    let shifted: SIMD4<Double> = scaled + 0x1.8p52
    let whole =
      unsafeBitCast(shifted, to: SIMD4<Int64>.self)
      &- SIMD4<Int64>(repeating: Int64(bitPattern: (0x1.8p52).bitPattern))
    let fraction: SIMD4<Double> = scaled - (shifted - 0x1.8p52)
    let r: SIMD4<Double> = fraction * 0.693_147_180_559_945_3
    let r2 = r * r
    let r4 = r2 * r2
    let r8 = r4 * r4
    typealias Lanes = SIMD4<Double>
    func pair(_ c0: Double, _ c1: Double) -> Lanes {
      Lanes(repeating: c0) + r * Lanes(repeating: c1)
    }
    let b0: Lanes = pair(1, 1) + pair(1.0 / 2, 1.0 / 6) * r2
    let b1: Lanes = pair(1.0 / 24, 1.0 / 120) + pair(1.0 / 720, 1.0 / 5040) * r2
    let b2: Lanes = pair(1.0 / 40_320, 1.0 / 362_880) + pair(1.0 / 3_628_800, 1.0 / 39_916_800) * r2
    let top: Lanes = b2 + Lanes(repeating: 1.0 / 479_001_600) * r4
    let p: Lanes = (b0 + b1 * r4) + top * r8
    let exponent = (whole &+ 1023) &<< 52
    return p * unsafeBitCast(exponent, to: SIMD4<Double>.self)
  }
}
