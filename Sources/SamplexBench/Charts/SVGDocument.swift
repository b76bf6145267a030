import Samplex

/// A standalone SVG image built element by element, with text escaped for XML: what the charts
/// write, and what any browser opens.
struct SVGDocument {
  let width: Int
  let height: Int
  private var elements: [String] = []

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil
  ) {
    elements.append(
      "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" "
        + "stroke-width=\"\(f(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
        + "/>")
  }

  mutating func polyline(
    _ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil
  ) {
    let coordinates = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
    elements.append(
      "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" "
        + "stroke-width=\"\(f(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
        + "/>")
  }

  mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
    elements.append("<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(radius))\" fill=\"\(fill)\"/>")
  }

  mutating func rectangle(x: Double, y: Double, width: Double, height: Double, fill: String) {
    elements.append(
      "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" "
        + "fill=\"\(fill)\"/>")
  }

  enum Anchor: String {
    case start, middle, end
  }

  mutating func text(
    _ content: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
    rotate: Bool = false, bold: Bool = false
  ) {
    let transform = rotate ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
    elements.append(
      "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" text-anchor=\"\(anchor.rawValue)\""
        + (bold ? " font-weight=\"bold\"" : "") + transform + ">" + Self.escaped(content)
        + "</text>")
  }

  /// The whole document.
  var text: String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
      + "viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      + elements.joined(separator: "\n") + "\n</svg>\n"
  }

  static func escaped(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  private func f(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }
}
