/// The middle value of `values` (the mean of the two middle ones for an even count); 0 for none.
/// The timing commands (`step`, `sync`) report the median repeat.
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  return sorted.count % 2 == 1
    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
