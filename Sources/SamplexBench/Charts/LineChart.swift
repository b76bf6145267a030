import Samplex

/// A line chart of named series, drawn as SVG by Samplex itself: axes with ticks and labels, a
/// title, and a legend beside the plot.
package struct LineChart: Sendable {
  /// One line: its points, and how it is drawn.
  package struct Series: Sendable {
    package var name: String
    package var points: [(x: Double, y: Double)]
    package var color: String
    /// An SVG dash pattern ("6 3"), or nil for a solid line.
    package var dash: String?

    package init(name: String, points: [(x: Double, y: Double)], color: String, dash: String? = nil)
    {
      self.name = name
      self.points = points
      self.color = color
      self.dash = dash
    }
  }

  package var title: String
  package var xLabel: String
  package var yLabel: String
  package var series: [Series]
  package var logarithmicX = false

  package init(
    title: String, xLabel: String, yLabel: String, series: [Series], logarithmicX: Bool = false
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.logarithmicX = logarithmicX
  }

  /// What a chart with no finite point says in its plot area.
  package static let nothingToDraw = "no finite value to draw"

  /// The chart as an SVG document.
  package var svg: String {
    let plot = (left: 70.0, top: 40.0, right: 560.0, bottom: 360.0)
    let legendRows = series.count
    let height = max(420, 60 + 16 * legendRows)
    var document = SVGDocument(width: 820, height: height)
    let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    let x = ChartAxis(
      values: points.map(\.x), logarithmic: logarithmicX, start: plot.left, end: plot.right,
      fromZero: !logarithmicX)
    let y = ChartAxis(
      values: points.map(\.y), logarithmic: false, start: plot.bottom, end: plot.top)
    document.text(
      title, x: (plot.left + plot.right) / 2, y: 22, size: 15, anchor: .middle, bold: true)
    for (tick, label) in x.labeledTicks() {
      let position = x.position(tick)
      document.line(x1: position, y1: plot.top, x2: position, y2: plot.bottom, stroke: "#e4e4e4")
      document.text(label, x: position, y: plot.bottom + 16, anchor: .middle)
    }
    for (tick, label) in y.labeledTicks() {
      let position = y.position(tick)
      document.line(x1: plot.left, y1: position, x2: plot.right, y2: position, stroke: "#e4e4e4")
      document.text(label, x: plot.left - 6, y: position + 4, anchor: .end)
    }
    document.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: "#333")
    document.line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: "#333")
    document.text(xLabel, x: (plot.left + plot.right) / 2, y: plot.bottom + 36, anchor: .middle)
    document.text(
      yLabel, x: 18, y: (plot.top + plot.bottom) / 2, anchor: .middle, rotate: true)
    if points.isEmpty {
      // Every cell diverged, or none reached an evaluation: say so where the lines would be.
      document.text(
        Self.nothingToDraw, x: (plot.left + plot.right) / 2, y: (plot.top + plot.bottom) / 2,
        anchor: .middle)
    }
    for (index, line) in series.enumerated() {
      let drawn = line.points.filter {
        $0.x.isFinite && $0.y.isFinite && (!logarithmicX || $0.x > 0)
      }.map { (x.position($0.x), y.position($0.y)) }
      if drawn.count > 1 {
        document.polyline(drawn, stroke: line.color, dash: line.dash)
      }
      for point in drawn { document.circle(x: point.0, y: point.1, radius: 2.5, fill: line.color) }
      let legendY = plot.top + 6 + 16 * Double(index)
      document.line(
        x1: plot.right + 20, y1: legendY, x2: plot.right + 48, y2: legendY, stroke: line.color,
        width: 2, dash: line.dash)
      document.text(line.name, x: plot.right + 54, y: legendY + 4, size: 11)
    }
    return document.text
  }
}
