import Foundation
import Samplex
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Collects the elements of an SVG document and their text.
private final class ElementCounter: NSObject, XMLParserDelegate {
  var counts: [String: Int] = [:]
  var text = ""
  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) { counts[name, default: 0] += 1 }
  // Characters may arrive in pieces (around entities): an element's end closes its line.
  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) { text += "\n" }
}

private func parse(_ svg: String) throws -> ElementCounter {
  let counter = ElementCounter()
  let parser = XMLParser(data: Data(svg.utf8))
  parser.delegate = counter
  #expect(parser.parse(), "not well-formed XML")
  return counter
}

@Suite struct ChartTests {
  @Test func aLineChartHasItsAxesLabelsAndOneLinePerSeries() throws {
    let chart = LineChart(
      title: "CE <against> time", xLabel: "seconds", yLabel: "nats",
      series: [
        .init(name: "uniform & S=5", points: [(0, 7), (10, 6), (20, 5.5)], color: "#1f77b4"),
        .init(name: "exact", points: [(0, 7.2), (20, 5)], color: "#000", dash: "2 3"),
      ])
    let svg = try parse(chart.svg)
    #expect(svg.counts["polyline"] == 2)
    #expect(svg.counts["circle"] == 5)
    for label in ["CE <against> time", "seconds", "nats", "uniform & S=5", "exact", "10", "20"] {
      #expect(svg.text.contains(label), "\(label)")
    }
  }

  @Test func aLogarithmicBarChartTicksAtPowersOfTen() throws {
    let chart = BarChart(
      title: "throughput", valueLabel: "words/s",
      bars: [("a", 450, "#000"), ("b", 25_000, "#111"), ("c", 2_000_000, "#222")],
      logarithmic: true)
    let svg = try parse(chart.svg)
    #expect(svg.counts["rect"] == 1 + 3)
    for tick in ["100", "1k", "10k", "100k", "1M", "10M"] {
      #expect(svg.text.contains(tick + "\n"), "\(tick)")
    }
  }
}
