import Foundation
import Samplex
import Testing

@testable import SamplexBench

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

  /// Held-out figures a few thousandths apart get ticks 0.002 apart, which two decimals would
  /// print alike ("0.83, 0.83"): each tick's label must name its own value.
  @Test func neighbouringTicksReadDifferently() throws {
    let chart = LineChart(
      title: "close", xLabel: "seconds", yLabel: "nats",
      series: [.init(name: "a", points: [(0, 0.8262), (10, 0.8301), (20, 0.8338)], color: "#000")])
    let labels = try parse(chart.svg).text.split(separator: "\n").compactMap { Double($0) }
      .filter { $0 > 0.8 && $0 < 0.9 }
    #expect(labels.count >= 3, "\(labels)")
    #expect(Set(labels).count == labels.count, "\(labels)")
    for (low, high) in zip(labels, labels.dropFirst()) {
      #expect(abs(abs(high - low) - abs(labels[1] - labels[0])) < 1e-9, "\(labels)")
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

@Suite struct ChartAxisEdgeTests {
  /// Every cell diverged: no finite point, or figures too large to step through. Each chart
  /// must come back (a hang fails the test by never ending) and say when it has nothing.
  @Test(.timeLimit(.minutes(1))) func chartsOfDivergedCellsFinish() throws {
    let diverged = LineChart(
      title: "all diverged", xLabel: "S", yLabel: "nats",
      series: [.init(name: "a", points: [(.nan, .nan), (64, .infinity)], color: "#000")],
      logarithmicX: true)
    let svg = try parse(diverged.svg)
    #expect(svg.text.contains(LineChart.nothingToDraw))
    #expect(svg.counts["polyline"] == nil)
    let empty = LineChart(title: "none", xLabel: "S", yLabel: "nats", series: [])
    #expect(try parse(empty.svg).text.contains(LineChart.nothingToDraw))
    // A span of 16 at 1e17, where adding a tick's step leaves the value as it was.
    let huge = LineChart(
      title: "huge", xLabel: "s", yLabel: "nats",
      series: [.init(name: "a", points: [(0, 1e17), (1, 1e17 + 16)], color: "#000")])
    #expect(try parse(huge.svg).counts["polyline"] == 1)
    let flat = LineChart(
      title: "flat", xLabel: "s", yLabel: "nats",
      series: [.init(name: "a", points: [(1, 3e20), (1, 3e20)], color: "#000")])
    #expect(try parse(flat.svg).counts["circle"] == 2)
    let bars = BarChart(
      title: "zero throughput", valueLabel: "words/s",
      bars: [("a", 0, "#000"), ("b", .nan, "#111")],
      logarithmic: true)
    #expect(try parse(bars.svg).counts["rect"] == 1 + 2)
  }
}
