import Foundation

/// The benchmark report: one self-contained HTML page (inline CSS and SVG, no external file
/// or server) with a summary table, estimate against truth per task with the spread over
/// seeds, a heat map of error per task × estimator (bmi's figure), error and time against
/// sample size, interval coverage where runs report intervals, and the failed runs.
struct BenchmarkReport {
  let results: BenchmarkResults
  /// The sample size of the per-task figures.
  let size: Int
  let title: String
  let sources: [String]
  /// The runs at `size`, by "task|label", grouped once for the per-task figures.
  private let runsAtSize: [String: [BenchmarkRecord]]

  init(results: BenchmarkResults, size: Int, title: String, sources: [String]) {
    (self.results, self.size, self.title, self.sources) = (results, size, title, sources)
    runsAtSize = Dictionary(grouping: results.records.filter { $0.samples == size }) { "\($0.task)|\($0.label)" }
  }

  /// Tableau's ten categorical colors; estimators take them in order.
  static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

  private var labels: [String] { results.labels }
  private func color(_ label: String) -> String { Self.palette[(labels.firstIndex(of: label) ?? 0) % Self.palette.count] }
  private var peers: Set<String> { Set(results.records.filter(\.isPeer).map(\.label)) }
  private var legendEntries: [(label: String, color: String, hollow: Bool)] {
    labels.map { ($0 + (peers.contains($0) ? " (peer)" : ""), color($0), peers.contains($0)) }
  }

  /// Per task and estimator at the figures' size: the estimates over seeds, and the failures.
  private func cell(task: String, label: String) -> (estimates: [Double], failures: [String]) {
    let runs = runsAtSize["\(task)|\(label)"] ?? []
    return (runs.compactMap(\.estimate), runs.compactMap(\.failure))
  }

  // MARK: Figures

  /// Median estimate (point) and the range over seeds (bar) against the truth, per task and
  /// estimator; the diagonal is a perfect estimate. Estimates beyond the frame are drawn at
  /// its edge as hollow points.
  func estimateFigure() -> String {
    let tasks = results.tasks
    let highest = max(tasks.map(\.truth).max() ?? 1, 0.1)
    let top = highest * 1.25
    var figure = SVGFigure(width: 760, height: 520, margins: (60, 190, 20, 45))
    let x = LinearScale(domain: 0...top, range: figure.xRange)
    let y = LinearScale(domain: min(0, -0.1 * top)...top, range: figure.yRange, inverted: true)
    figure.axes(x: x, y: y, xLabel: "true value (nats)", yLabel: "estimate (nats): median and range over seeds")
    figure.line(x.pixel(0), y.pixel(0), x.pixel(top), y.pixel(top), stroke: "#222", dash: "4 3")
    for (labelIndex, label) in labels.enumerated() {
      for task in tasks {
        let (estimates, _) = cell(task: task.id, label: label)
        guard !estimates.isEmpty else { continue }
        let offset = (Double(labelIndex) - Double(labels.count - 1) / 2) * 0.004 * top
        let px = x.pixel(task.truth + offset)
        func clamp(_ v: Double) -> Double { min(max(v, y.domain.lowerBound), y.domain.upperBound) }
        let middle = median(estimates)
        figure.line(px, y.pixel(clamp(estimates.min()!)), px, y.pixel(clamp(estimates.max()!)), stroke: color(label), width: 1.2)
        let outside = clamp(middle) != middle
        figure.circle(
          px, y.pixel(clamp(middle)), radius: 3.2, fill: peers.contains(label) || outside ? "white" : color(label),
          stroke: peers.contains(label) || outside ? color(label) : nil,
          tooltip: "\(task.id)\n\(label): median \(format(middle)) over \(estimates.count) seed(s), range \(format(estimates.min()!))–\(format(estimates.max()!)); truth \(format(task.truth))"
        )
      }
    }
    figure.legend(legendEntries, at: (figure.xRange.upperBound + 18, figure.yRange.lowerBound + 10))
    return figure.svg(id: "estimate-vs-truth", label: "Estimate against truth at \(size) samples")
  }

  /// bmi's heat map: one row per task, one column per estimator, the median estimate over
  /// seeds written in the cell and its error (estimate − truth) as the color, blue below
  /// the truth and red above, saturated at ±1 nat; grey cells failed on every seed.
  func heatMapFigure() -> String {
    let tasks = results.tasks
    let rowHeight = 17.0, columnWidth = 62.0
    let left = 8 + 6.2 * Double(tasks.map(\.id.count).max() ?? 10)
    let top = 110.0
    var figure = SVGFigure(
      width: max(left + columnWidth * Double(labels.count + 1) + 20, left + 440), height: top + rowHeight * Double(tasks.count) + 50, margins: (left, 20, top, 50))
    let columns = ["truth"] + labels
    for (index, name) in columns.enumerated() {
      let cx = left + columnWidth * (Double(index) + 0.5)
      figure.text(cx - 4, top - 6, name, anchor: "start", size: 10.5, color: index == 0 ? "#222" : color(name), rotated: true, bold: index == 0)
    }
    for (row, task) in tasks.enumerated() {
      let y = top + rowHeight * Double(row)
      figure.text(left - 6, y + 12, task.id, anchor: "end", size: 10)
      figure.rect(left, y, columnWidth - 1, rowHeight - 1, fill: "#f4f4f4", tooltip: "\(task.id): truth \(format(task.truth)) (\(task.quantity))")
      figure.text(left + columnWidth / 2, y + 12, String(format: "%.2f", task.truth), anchor: "middle", size: 10, bold: true)
      for (column, label) in labels.enumerated() {
        let x = left + columnWidth * Double(column + 1)
        let (estimates, failures) = cell(task: task.id, label: label)
        if estimates.isEmpty {
          guard !failures.isEmpty else { continue }
          figure.rect(x, y, columnWidth - 1, rowHeight - 1, fill: "#bbbbbb", tooltip: "\(task.id), \(label): failed — \(failures[0])")
          figure.text(x + columnWidth / 2, y + 12, "failed", anchor: "middle", size: 9.5, color: "#333")
          continue
        }
        let middle = median(estimates)
        let error = middle - task.truth
        figure.rect(
          x, y, columnWidth - 1, rowHeight - 1, fill: Self.divergingColor(error),
          tooltip: "\(task.id), \(label): median \(format(middle)), error \(format(error)) over \(estimates.count) seed(s)\(failures.isEmpty ? "" : "; \(failures.count) failed")")
        figure.text(x + columnWidth / 2, y + 12, String(format: "%.2f", middle), anchor: "middle", size: 10, color: abs(error) > 0.6 ? "white" : "#111")
      }
    }
    // The color key.
    let keyY = top + rowHeight * Double(tasks.count) + 14
    for step in 0...20 {
      let error = -1 + Double(step) / 10
      figure.rect(left + Double(step) * 10, keyY, 10, 10, fill: Self.divergingColor(error))
    }
    figure.text(left, keyY + 24, "−1", anchor: "middle", size: 10)
    figure.text(left + 105, keyY + 24, "0", anchor: "middle", size: 10)
    figure.text(left + 210, keyY + 24, "+1 nat", anchor: "middle", size: 10)
    figure.text(left + 230, keyY + 9, "error = median estimate − truth", size: 10)
    return figure.svg(id: "heat-map", label: "Median estimate per task and estimator at \(size) samples, colored by error")
  }

  /// Blue (below the truth) through white to red (above), saturated at ±1 nat.
  static func divergingColor(_ error: Double) -> String {
    let t = min(abs(error), 1)
    let (r, g, b): (Double, Double, Double) = error < 0 ? (255 - t * (255 - 33), 255 - t * (255 - 102), 255 - t * (255 - 172)) : (255 - t * (255 - 178), 255 - t * (255 - 24), 255 - t * (255 - 43))
    return String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b))
  }

  /// A per-size summary for each estimator: the median over tasks (and seeds) of `value`.
  private func bySize(_ value: (BenchmarkRecord) -> Double?) -> [(label: String, points: [(Int, Double)])] {
    labels.map { label in
      let points = results.sizes.compactMap { size -> (Int, Double)? in
        let values = results.records.filter { $0.label == label && $0.samples == size }.compactMap(value)
        return values.isEmpty ? nil : (size, median(values))
      }
      return (label, points)
    }
  }

  /// Median |error| over tasks and seeds against the sample size.
  func errorFigure() -> String {
    let series = bySize { $0.error.map(abs) }
    return lineFigure(
      series: series, id: "error-vs-samples", label: "Median absolute error against sample size", yLabel: "median |estimate − truth| (nats)",
      logY: false)
  }

  /// Median seconds per run against the sample size, on log scales.
  func timeFigure() -> String {
    let series = bySize { $0.estimate == nil ? nil : $0.seconds.map { max($0, 1e-6) } }
    return lineFigure(series: series, id: "time-vs-samples", label: "Median time per run against sample size", yLabel: "median seconds per run", logY: true)
  }

  private func lineFigure(series: [(label: String, points: [(Int, Double)])], id: String, label: String, yLabel: String, logY: Bool) -> String {
    var figure = SVGFigure(width: 620, height: 360, margins: (70, 190, 20, 45))
    let sizes = results.sizes.map(Double.init)
    let xDomain = sizes.count > 1 ? sizes.first!...sizes.last! : (sizes[0] / 2)...(sizes[0] * 2)
    let x = LogScale(domain: xDomain, range: figure.xRange)
    let values = series.flatMap { $0.points.map(\.1) }
    let low = values.min() ?? 0, high = max(values.max() ?? 1, 1e-9)
    func draw(_ y: some PlotScale) {
      figure.axes(x: x, y: y, xLabel: "samples", yLabel: yLabel)
      for entry in series {
        let points = entry.points.map { (x.pixel(Double($0.0)), y.pixel($0.1)) }
        figure.polyline(points, stroke: color(entry.label), dash: peers.contains(entry.label) ? "5 3" : nil)
        for (point, raw) in zip(points, entry.points) {
          figure.circle(
            point.0, point.1, fill: peers.contains(entry.label) ? "white" : color(entry.label), stroke: peers.contains(entry.label) ? color(entry.label) : nil,
            tooltip: "\(entry.label), \(raw.0) samples: \(format(raw.1))")
        }
      }
    }
    if logY {
      let floor = pow(10, Foundation.floor(log10(max(low, 1e-6)))), ceiling = pow(10, ceil(log10(high)))
      draw(LogScale(domain: floor...max(ceiling, floor * 10), range: figure.yRange, inverted: true))
    } else {
      draw(LinearScale(domain: 0...(high * 1.1), range: figure.yRange, inverted: true))
    }
    figure.legend(legendEntries, at: (figure.xRange.upperBound + 18, figure.yRange.lowerBound + 10))
    return figure.svg(id: id, label: label)
  }

  /// How often each estimator's 95% interval covers the truth, as bars against the nominal
  /// 95%, split by whether the estimator's bias on the task (its median error over seeds) is
  /// smaller than half the interval's median width; nil when no run reports an interval.
  func coverageFigure() -> String? {
    let withIntervals = labels.filter { label in results.records.contains { $0.label == label && $0.interval != nil } }
    guard !withIntervals.isEmpty else { return nil }
    var figure = SVGFigure(width: 620, height: 80 + 34 * Double(withIntervals.count), margins: (150, 40, 20, 45))
    let x = LinearScale(domain: 0...1, range: figure.xRange)
    let y = LinearScale(domain: 0...Double(withIntervals.count), range: figure.yRange)
    figure.axes(x: x, y: UnlabelledScale(), xLabel: "share of 95% intervals that cover the truth", yLabel: "")
    figure.line(x.pixel(0.95), figure.yRange.lowerBound, x.pixel(0.95), figure.yRange.upperBound, stroke: "#222", dash: "4 3")
    for (row, label) in withIntervals.enumerated() {
      let runs = results.records.filter { $0.label == label && $0.interval != nil }
      // Per task: the median error and the median half-width of the intervals.
      var smallBias: [Bool] = [], biased: [Bool] = []
      for task in Set(runs.map(\.task)) {
        let taskRuns = runs.filter { $0.task == task }
        let bias = abs(median(taskRuns.compactMap(\.error)))
        let halfWidth = median(taskRuns.map { ($0.interval!.upper - $0.interval!.lower) / 2 })
        let covered = taskRuns.map { $0.interval!.lower <= $0.truth && $0.truth <= $0.interval!.upper }
        if bias < halfWidth { smallBias += covered } else { biased += covered }
      }
      let all = smallBias + biased
      func share(_ list: [Bool]) -> Double { list.isEmpty ? 0 : Double(list.filter { $0 }.count) / Double(list.count) }
      let top = y.pixel(Double(row)) + 6
      figure.rect(x.pixel(0), top, x.pixel(share(all)) - x.pixel(0), 10, fill: color(label), tooltip: "\(label): \(all.filter { $0 }.count) of \(all.count) intervals cover the truth")
      if !smallBias.isEmpty {
        figure.rect(
          x.pixel(0), top + 12, x.pixel(share(smallBias)) - x.pixel(0), 6, fill: "#999",
          tooltip: "\(label), tasks where its bias is below half the interval's width: \(smallBias.filter { $0 }.count) of \(smallBias.count)")
      }
      figure.text(figure.xRange.lowerBound - 8, top + 12, label, anchor: "end", size: 11)
      figure.text(x.pixel(share(all)) + 4, top + 9, String(format: "%.0f%%", 100 * share(all)), size: 10)
    }
    return figure.svg(id: "coverage", label: "Coverage of the 95% intervals")
  }

  // MARK: Tables and page

  private func summaryTable() -> String {
    var rows: [String] = []
    for label in labels {
      let runs = results.records.filter { $0.label == label }
      let atSize = runs.filter { $0.samples == size }
      let errors = atSize.compactMap(\.error).map(abs)
      let seconds = atSize.filter { $0.estimate != nil }.compactMap(\.seconds)
      let intervals = runs.compactMap { run in run.interval.map { $0.lower <= run.truth && run.truth <= $0.upper } }
      let coverage = intervals.isEmpty ? "—" : String(format: "%.0f%% of %d", 100 * Double(intervals.filter { $0 }.count) / Double(intervals.count), intervals.count)
      let failed = runs.filter { $0.failure != nil }.count
      rows.append(
        "<tr><td><span class=\"swatch\" style=\"background:\(color(label))\"></span>\(escapeXML(label))</td><td>\(escapeXML(runs[0].tool))</td><td>\(runs.count)</td><td\(failed > 0 ? " class=\"bad\"" : "")>\(failed)</td><td>\(errors.isEmpty ? "—" : format(median(errors)))</td><td>\(errors.isEmpty ? "—" : format(errors.reduce(0, +) / Double(errors.count)))</td><td>\(seconds.isEmpty ? "—" : format(median(seconds)))</td><td>\(coverage)</td></tr>"
      )
    }
    return """
      <table class="summary"><thead><tr><th>estimator</th><th>tool</th><th>runs</th><th>failed</th><th>median |error| at \(size)</th><th>mean |error| at \(size)</th><th>median seconds at \(size)</th><th>95% interval covers the truth</th></tr></thead>
      <tbody>\(rows.joined(separator: "\n"))</tbody></table>
      """
  }

  private func failureTable() -> String {
    let failures = results.records.filter { $0.failure != nil }
    guard !failures.isEmpty else { return "<p>No run failed.</p>" }
    let rows = failures.prefix(200).map {
      "<tr><td>\(escapeXML($0.label))</td><td>\(escapeXML($0.task))</td><td>\($0.samples)</td><td>\($0.seed)</td><td>\(escapeXML($0.failure ?? ""))</td></tr>"
    }
    return """
      <table class="failures"><thead><tr><th>estimator</th><th>task</th><th>samples</th><th>seed</th><th>message</th></tr></thead>
      <tbody>\(rows.joined(separator: "\n"))</tbody></table>\(failures.count > 200 ? "<p>… and \(failures.count - 200) more.</p>" : "")
      """
  }

  /// The page.
  var html: String {
    let tasks = results.tasks
    let quantities = Dictionary(grouping: tasks, by: \.quantity).map { "\($0.value.count) \($0.key.uppercased())" }.sorted().joined(separator: ", ")
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(escapeXML(title))</title>
      <style>
      body { font-family: sans-serif; margin: 24px auto; max-width: 1100px; color: #222; line-height: 1.4; padding: 0 16px; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ddd; }
      table { border-collapse: collapse; font-size: 0.9em; } td, th { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; }
      td.bad { color: #b2182b; font-weight: bold; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 5px; }
      figure { margin: 1em 0; overflow-x: auto; } figcaption { font-size: 0.9em; color: #555; max-width: 760px; }
      .meta { color: #555; font-size: 0.9em; }
      </style></head>
      <body>
      <h1>\(escapeXML(title))</h1>
      <p class="meta">\(results.records.count) runs of \(labels.count) estimators on \(tasks.count) tasks (\(quantities)) at \(results.sizes.map(String.init).joined(separator: ", ")) samples, from \(sources.map(escapeXML).joined(separator: ", ")). Per-task figures at \(size) samples. Written by <code>mi report</code>; hover a mark for its numbers.</p>
      <h2>Summary</h2>
      \(summaryTable())
      <h2>Estimate against truth</h2>
      <figure>\(estimateFigure())
      <figcaption>Each point is an estimator's median estimate of one task over the seeds, at the task's true value; the bar spans the seeds' lowest and highest estimates. On the dashed diagonal an estimate equals the truth. Hollow points are peers, or estimates beyond the frame drawn at its edge.</figcaption></figure>
      <h2>Error per task and estimator</h2>
      <figure>\(heatMapFigure())
      <figcaption>The median estimate over seeds in each cell; the color is its error, blue below the truth, red above. Grey: every seed failed (the message is in the cell's tooltip and below).</figcaption></figure>
      <h2>Error against sample size</h2>
      <figure>\(errorFigure())
      <figcaption>The median over tasks and seeds of |estimate − truth|. Dashed lines are peers.</figcaption></figure>
      <h2>Time against sample size</h2>
      <figure>\(timeFigure())
      <figcaption>The median wall time of one run, in seconds, on the machine that ran it.</figcaption></figure>
      \(coverageFigure().map { "<h2>Do the intervals cover the truth?</h2>\n<figure>\($0)\n<figcaption>The colored bar: the share of runs whose 95% interval contains the true value (the dashed line is the nominal 95%). The grey bar beneath: the same share on the tasks where the estimator's bias (its median error over seeds) is smaller than half the interval's median width. Where bias dominates, an interval around a biased estimate cannot cover the truth; the grey bar shows how calibrated the intervals are where they can.</figcaption></figure>" } ?? "")
      <h2>Failed runs</h2>
      \(failureTable())
      <script>
      // For checks in a browser: each figure's drawn size, and any script error.
      window.addEventListener('error', function (event) { document.body.setAttribute('data-script-errors', (document.body.getAttribute('data-script-errors') || '') + event.message + ';'); });
      var drawn = 0;
      document.querySelectorAll('svg.figure').forEach(function (svg) { var box = svg.getBBox(); svg.setAttribute('data-drawn', Math.round(box.width) + 'x' + Math.round(box.height)); if (box.width > 0 && box.height > 0 && svg.querySelectorAll('circle, rect, polyline').length > 0) { drawn += 1; } });
      document.body.setAttribute('data-figures-drawn', String(drawn));
      </script>
      </body></html>

      """
  }

  private func format(_ value: Double) -> String { String(format: abs(value) >= 100 ? "%.1f" : "%.4g", value) }
}
