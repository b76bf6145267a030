import Samplex

/// A horizontal bar chart, one labelled bar per row, drawn as SVG: for figures that compare
/// cells side by side (throughput).
package struct BarChart: Sendable {
  package var title: String
  package var valueLabel: String
  package var bars: [(label: String, value: Double, color: String)]
  package var logarithmic = false

  package init(
    title: String, valueLabel: String, bars: [(label: String, value: Double, color: String)],
    logarithmic: Bool = false
  ) {
    self.title = title
    self.valueLabel = valueLabel
    self.bars = bars
    self.logarithmic = logarithmic
  }

  package var svg: String {
    let rowHeight = 16.0
    let plot = (left: 230.0, top: 40.0, right: 780.0)
    let bottom = plot.top + rowHeight * Double(max(bars.count, 1))
    var document = SVGDocument(width: 820, height: Int(bottom) + 50)
    let axis = ChartAxis(
      values: bars.map(\.value) + (logarithmic ? [] : [0]), logarithmic: logarithmic,
      start: plot.left, end: plot.right, fromZero: !logarithmic)
    document.text(
      title, x: (plot.left + plot.right) / 2, y: 22, size: 15, anchor: .middle, bold: true)
    for (tick, label) in axis.labeledTicks() {
      let position = axis.position(tick)
      document.line(x1: position, y1: plot.top, x2: position, y2: bottom, stroke: "#e4e4e4")
      document.text(label, x: position, y: bottom + 16, anchor: .middle)
    }
    let origin = logarithmic ? plot.left : axis.position(0)
    for (index, bar) in bars.enumerated() {
      let top = plot.top + rowHeight * Double(index)
      let value = logarithmic ? max(bar.value, axis.low) : bar.value
      let end = bar.value.isFinite ? axis.position(value) : origin
      document.rectangle(
        x: min(origin, end), y: top + 2, width: abs(end - origin), height: rowHeight - 4,
        fill: bar.color)
      document.text(bar.label, x: plot.left - 6, y: top + rowHeight - 4, size: 11, anchor: .end)
    }
    document.line(x1: plot.left, y1: plot.top, x2: plot.left, y2: bottom, stroke: "#333")
    document.line(x1: plot.left, y1: bottom, x2: plot.right, y2: bottom, stroke: "#333")
    document.text(valueLabel, x: (plot.left + plot.right) / 2, y: bottom + 36, anchor: .middle)
    return document.text
  }
}
