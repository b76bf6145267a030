/// e^x without a libm call and without branches, for loops over unpredictable arguments (the
/// expected counts of drawn candidates): relative error below 2e-14 for −90 ≤ x ≤ 0.
public enum FastExponential {
  /// x·log2(e) = n + f with n an integer and |f| ≤ 1/2 (rounded through the 1.5·2^52 trick:
  /// baseline x86-64 has no rounding instruction and `rounded()` is a libm call); e^(f·ln2) by its
  /// Taylor series to degree 12 in Estrin's scheme (remainder below 0.35^13/13! ≈ 2.2e-16); 2^n
  /// from the exponent bits. The rounding of x·log2(e) adds up to |x| · 1.1e-16 of relative
  /// error: below 2e-14 in all for |x| ≤ 90, where every use here lies.
  @inlinable @inline(__always)
  public static func exp(_ x: Double) -> Double {
    let clamped = min(max(x, -700), 700)
    let scaled = clamped * 1.442_695_040_888_963_4
    let shifted = scaled + 0x1.8p52
    let whole = Int64(bitPattern: shifted.bitPattern) &- Int64(bitPattern: (0x1.8p52).bitPattern)
    let r = (scaled - (shifted - 0x1.8p52)) * 0.693_147_180_559_945_3
    let r2 = r * r
    let r4 = r2 * r2
    let r8 = r4 * r4
    let b0 = (1 + r) + (0.5 + r * (1.0 / 6)) * r2
    let b1 = (1.0 / 24 + r * (1.0 / 120)) + (1.0 / 720 + r * (1.0 / 5040)) * r2
    let b2 = (1.0 / 40_320 + r * (1.0 / 362_880)) + (1.0 / 3_628_800 + r * (1.0 / 39_916_800)) * r2
    let p = (b0 + b1 * r4) + (b2 + (1.0 / 479_001_600) * r4) * r8
    return p * Double(bitPattern: UInt64(bitPattern: (whole &+ 1023) << 52))
  }
}
