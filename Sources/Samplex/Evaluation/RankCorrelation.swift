/// Correlation coefficients between two equally long series, in Double.
public enum RankCorrelation {
  /// Pearson's r; nil for fewer than two values or a constant series.
  public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "the series must have equal lengths")
    guard x.count >= 2 else { return nil }
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for (a, b) in zip(x, y) {
      sxy += (a - meanX) * (b - meanY)
      sxx += (a - meanX) * (a - meanX)
      syy += (b - meanY) * (b - meanY)
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }

  /// Spearman's ρ: Pearson's r of the ranks, tied values sharing their mean rank (as
  /// `scipy.stats.spearmanr`, which gensim uses).
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
    pearson(ranks(x), ranks(y))
  }

  /// 1-based ranks, ties given the mean of the ranks they span.
  static func ranks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
      let mean = Double(start + end) / 2 + 1
      for position in start...end { ranks[order[position]] = mean }
      start = end + 1
    }
    return ranks
  }
}
