import Foundation

/// A figure drawn as inline SVG: a plotting area with margins, and primitives in data or
/// pixel coordinates. Text is escaped; every mark may carry a tooltip (`<title>`).
struct SVGFigure {
  let width: Double
  let height: Double
  /// Margins around the plotting area: left, right, top, bottom.
  let margins: (left: Double, right: Double, top: Double, bottom: Double)
  private(set) var elements: [String] = []

  init(width: Double, height: Double, margins: (left: Double, right: Double, top: Double, bottom: Double) = (60, 20, 20, 45)) {
    (self.width, self.height, self.margins) = (width, height, margins)
  }

  /// The plotting area's pixel range along x and y (y downwards).
  var xRange: ClosedRange<Double> { margins.left...(width - margins.right) }
  var yRange: ClosedRange<Double> { margins.top...(height - margins.bottom) }

  mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#444", width: Double = 1, dash: String? = nil) {
    elements.append(
      "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(f(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5, dash: String? = nil) {
    guard points.count > 1 else { return }
    let list = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
    elements.append(
      "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(f(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
  }

  mutating func circle(_ x: Double, _ y: Double, radius: Double = 3.5, fill: String, stroke: String? = nil, tooltip: String? = nil) {
    let strokeText = stroke.map { " stroke=\"\($0)\" stroke-width=\"1.5\"" } ?? ""
    elements.append("<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(radius))\" fill=\"\(fill)\"\(strokeText)>\(titleTag(tooltip))</circle>")
  }

  mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, tooltip: String? = nil) {
    elements.append(
      "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(w, 0)))\" height=\"\(f(max(h, 0)))\" fill=\"\(fill)\"\(stroke.map { " stroke=\"\($0)\"" } ?? "")>\(titleTag(tooltip))</rect>")
  }

  mutating func text(
    _ x: Double, _ y: Double, _ string: String, anchor: String = "start", size: Double = 11, color: String = "#222", rotated: Bool = false,
    bold: Bool = false
  ) {
    let transform = rotated ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
    elements.append(
      "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(f(size))\" fill=\"\(color)\"\(bold ? " font-weight=\"bold\"" : "")\(transform)>\(escapeXML(string))</text>"
    )
  }

  /// Axes with ticks and labels for the scales.
  mutating func axes(x: some PlotScale, y: some PlotScale, xLabel: String, yLabel: String) {
    line(xRange.lowerBound, yRange.upperBound, xRange.upperBound, yRange.upperBound)
    line(xRange.lowerBound, yRange.lowerBound, xRange.lowerBound, yRange.upperBound)
    for tick in x.ticks {
      let px = x.pixel(tick)
      line(px, yRange.upperBound, px, yRange.upperBound + 4)
      line(px, yRange.lowerBound, px, yRange.upperBound, stroke: "#eee")
      text(px, yRange.upperBound + 16, x.label(tick), anchor: "middle", size: 10)
    }
    for tick in y.ticks {
      let py = y.pixel(tick)
      line(xRange.lowerBound - 4, py, xRange.lowerBound, py)
      line(xRange.lowerBound, py, xRange.upperBound, py, stroke: "#eee")
      text(xRange.lowerBound - 6, py + 3.5, y.label(tick), anchor: "end", size: 10)
    }
    text((xRange.lowerBound + xRange.upperBound) / 2, height - 8, xLabel, anchor: "middle", size: 12)
    text(14, (yRange.lowerBound + yRange.upperBound) / 2, yLabel, anchor: "middle", size: 12, rotated: true)
  }

  /// A legend of colored labels at the top right of the plotting area; peers' are hollow.
  mutating func legend(_ entries: [(label: String, color: String, hollow: Bool)], at origin: (x: Double, y: Double)) {
    for (index, entry) in entries.enumerated() {
      let y = origin.y + Double(index) * 15
      circle(origin.x, y - 3.5, radius: 4, fill: entry.hollow ? "white" : entry.color, stroke: entry.hollow ? entry.color : nil)
      text(origin.x + 9, y, entry.label, size: 11)
    }
  }

  /// The `<svg>` element, labelled for screen readers and the report's checks.
  func svg(id: String, label: String) -> String {
    """
    <svg id="\(id)" class="figure" role="img" aria-label="\(escapeXML(label))" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">
    \(elements.joined(separator: "\n"))
    </svg>
    """
  }

  private func titleTag(_ tooltip: String?) -> String { tooltip.map { "<title>\(escapeXML($0))</title>" } ?? "" }
  private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// A map from data values to pixels along one axis, with tick values and labels.
protocol PlotScale {
  func pixel(_ value: Double) -> Double
  var ticks: [Double] { get }
  func label(_ value: Double) -> String
}

/// value ↦ pixel linearly, ticks at 1, 2 or 5 × 10ᵏ steps.
struct LinearScale: PlotScale {
  let domain: ClosedRange<Double>
  let range: ClosedRange<Double>
  /// Whether pixels grow opposite to values (a y axis).
  var inverted = false

  func pixel(_ value: Double) -> Double {
    let span = domain.upperBound - domain.lowerBound
    let t = span > 0 ? (value - domain.lowerBound) / span : 0.5
    return inverted ? range.upperBound - t * (range.upperBound - range.lowerBound) : range.lowerBound + t * (range.upperBound - range.lowerBound)
  }

  var ticks: [Double] {
    let span = domain.upperBound - domain.lowerBound
    guard span > 0 else { return [domain.lowerBound] }
    let raw = span / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var values: [Double] = []
    var tick = (domain.lowerBound / step).rounded(.up) * step
    while tick <= domain.upperBound + 1e-9 * step {
      values.append(abs(tick) < 1e-12 * step ? 0 : tick)
      tick += step
    }
    return values
  }

  func label(_ value: Double) -> String {
    let text = String(format: "%g", (value * 1e6).rounded() / 1e6)
    return text == "-0" ? "0" : text
  }
}

/// An axis without ticks (rows of bars whose labels are drawn beside them).
struct UnlabelledScale: PlotScale {
  func pixel(_ value: Double) -> Double { 0 }
  var ticks: [Double] { [] }
  func label(_ value: Double) -> String { "" }
}

/// value ↦ pixel on log₁₀, ticks at powers of ten (and 2, 5 × when the range is short).
struct LogScale: PlotScale {
  let domain: ClosedRange<Double>
  let range: ClosedRange<Double>
  var inverted = false

  func pixel(_ value: Double) -> Double {
    let (low, high) = (log10(domain.lowerBound), log10(domain.upperBound))
    let t = high > low ? (log10(max(value, domain.lowerBound)) - low) / (high - low) : 0.5
    return inverted ? range.upperBound - t * (range.upperBound - range.lowerBound) : range.lowerBound + t * (range.upperBound - range.lowerBound)
  }

  var ticks: [Double] {
    let (low, high) = (Int(floor(log10(domain.lowerBound))), Int(ceil(log10(domain.upperBound))))
    let multipliers: [Double] = high - low <= 2 ? [1, 2, 5] : [1]
    return (low...high).flatMap { k in multipliers.map { $0 * pow(10, Double(k)) } }.filter { domain.contains($0) }
  }

  func label(_ value: Double) -> String { String(format: "%g", value) }
}

/// Text with &, <, > and quotes escaped for XML and HTML.
func escapeXML(_ text: String) -> String {
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
