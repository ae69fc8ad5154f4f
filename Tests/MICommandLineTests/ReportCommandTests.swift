import Foundation
import Testing

/// `mi report`: the page from known results (figures, summary numbers, failures, peers), and
/// results that do not belong together refused with both places named.
@Suite("mi report")
struct ReportCommandTests {
  /// A results line in `mi benchmark`'s form.
  static func line(
    _ task: String, _ estimator: String, samples: Int = 1000, seed: Int = 0, truth: Double = 0.5, estimate: Double? = nil, seconds: Double = 0.01,
    tool: String? = nil, quantity: String = "mi"
  ) -> String {
    var object: [String: Any] = [
      "task": task, "estimator": estimator, "samples": samples, "seed": seed, "truth": truth, "quantity": quantity, "seconds": seconds,
      "status": estimate == nil ? "failed" : "ok",
    ]
    if let estimate { object["estimate"] = estimate } else { object["message"] = "the estimator gave up <badly>" }
    if let tool { object["tool"] = tool }
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
  }

  /// Two tasks × two estimators × two seeds at two sizes, a failure, and a peer.
  static func sampleResults() -> String {
    var lines: [String] = []
    for samples in [500, 1000] {
      for seed in 0..<2 {
        lines.append(line("task-a", "ksg1", samples: samples, seed: seed, truth: 0.5, estimate: 0.5 + 0.1 * Double(seed + 1)))
        lines.append(line("task-b", "ksg1", samples: samples, seed: seed, truth: 1.0, estimate: 0.7))
        lines.append(line("task-a", "copula", samples: samples, seed: seed, truth: 0.5, estimate: 0.45, seconds: 0.002))
        lines.append(line("task-b", "copula", samples: samples, seed: seed, truth: 1.0, estimate: seed == 0 ? 1.1 : nil))
        lines.append(line("task-a", "ksg", samples: samples, seed: seed, truth: 0.5, estimate: 0.4, seconds: 0.5, tool: "sklearn"))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  @Test func writesThePage() throws {
    let results = try CommandLine.file("results.jsonl", Self.sampleResults())
    let out = URL(fileURLWithPath: results).deletingLastPathComponent().appendingPathComponent("report.html").path
    let result = try CommandLine.run(["report", results, "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "\(out): 20 runs, 3 estimators, 2 tasks\n")
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.components(separatedBy: "<svg id=").count - 1 == 4)
    for id in ["estimate-vs-truth", "heat-map", "error-vs-samples", "time-vs-samples"] { #expect(html.contains("<svg id=\"\(id)\"")) }
    #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == 4, "only the SVG namespace")
    #expect(!html.contains("<link") && !html.contains("src="), "self-contained")
    // ksg1 at 1000: errors 0.1, 0.2 (task-a) and −0.3, −0.3 (task-b): median |error| 0.25, mean 0.225.
    #expect(html.contains("ksg1</td><td>MutualInformation</td><td>8</td><td>0</td><td>0.25</td><td>0.225</td>"), "\(html.prefix(3000))")
    // copula: one failed run per size.
    #expect(html.contains("copula</td><td>MutualInformation</td><td>8</td><td class=\"bad\">2</td>"))
    #expect(html.contains("sklearn: ksg (peer)") && html.contains("<td>sklearn</td>"))
    #expect(html.contains("the estimator gave up &lt;badly&gt;") && !html.contains("<badly>"))
    // The heat map cell of ksg1 on task-a: median of 0.6 and 0.7.
    #expect(html.contains("task-a, ksg1: median 0.65, error 0.15 over 2 seed(s)"))
    let smaller = try CommandLine.run(["report", results, "-o", out, "--samples", "500", "--title", "Small <runs>"])
    #expect(smaller.status == 0)
    let page = try String(contentsOfFile: out, encoding: .utf8)
    #expect(page.contains("<title>Small &lt;runs&gt;</title>") && page.contains("Per-task figures at 500 samples"))
  }

  /// Runs with intervals: the summary gives the share that covers the truth, and a figure
  /// shows it; runs without intervals show a dash and no figure.
  @Test func coverageOfIntervals() throws {
    func withInterval(_ seed: Int, _ lower: Double, _ upper: Double) throws -> String {
      var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.line("task-a", "ksg1", seed: seed, truth: 0.5, estimate: 0.52).utf8)) as? [String: Any])
      object["lower"] = lower
      object["upper"] = upper
      return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
    let lines = try [withInterval(0, 0.45, 0.6), withInterval(1, 0.4, 0.55), withInterval(2, 0.51, 0.6), withInterval(3, 0.3, 0.7)]
      + [Self.line("task-a", "copula", truth: 0.5, estimate: 0.5)]
    let results = try CommandLine.file("intervals.jsonl", lines.joined(separator: "\n") + "\n")
    let out = URL(fileURLWithPath: results).deletingLastPathComponent().appendingPathComponent("report.html").path
    #expect(try CommandLine.run(["report", results, "-o", out]).status == 0)
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.contains("<td>75% of 4</td>") && html.contains("<svg id=\"coverage\"") && html.contains("ksg1: 3 of 4 intervals cover the truth"))
    // The same runs first without intervals (a plain run), then with them: the intervals count.
    let withoutIntervals = try CommandLine.file(
      "without.jsonl", (0..<4).map { Self.line("task-a", "ksg1", seed: $0, truth: 0.5, estimate: 0.52) }.joined(separator: "\n") + "\n")
    #expect(try CommandLine.run(["report", withoutIntervals, results, "-o", out]).status == 0)
    #expect(try String(contentsOfFile: out, encoding: .utf8).contains("<td>75% of 4</td>"))
    let plain = try CommandLine.file("plain.jsonl", Self.line("task-a", "copula", truth: 0.5, estimate: 0.5) + "\n")
    #expect(try CommandLine.run(["report", plain, "-o", out]).status == 0)
    #expect(!(try String(contentsOfFile: out, encoding: .utf8)).contains("<svg id=\"coverage\""))
  }

  @Test func resultsThatDisagreeAreRefused() throws {
    let first = try CommandLine.file("a.jsonl", Self.line("task-a", "ksg1", truth: 0.5, estimate: 0.4) + "\n")
    let otherTruth = try CommandLine.file("b.jsonl", "\n" + Self.line("task-a", "copula", truth: 0.7, estimate: 0.4) + "\n")
    let result = try CommandLine.run(["report", first, otherTruth, "-o", "/dev/null"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("task task-a has truth 0.5 (mi) in \(first), line 1 but 0.7 (mi) in \(otherTruth), line 2: results of different task definitions"))
    let otherRun = try CommandLine.file("c.jsonl", Self.line("task-a", "ksg1", truth: 0.5, estimate: 0.45) + "\n")
    let conflict = try CommandLine.run(["report", first, otherRun, "-o", "/dev/null"])
    #expect(conflict.stderr.contains("ksg1 on task-a (1000 samples, seed 0) is in \(first), line 1 and again in \(otherRun), line 1 with another result: results from different settings"))
    let same = try CommandLine.run(["report", first, first, "-o", "/dev/null"])
    #expect(same.status == 0 && same.stdout.contains("1 runs"), "the same run twice counts once")
    let broken = try CommandLine.file("d.jsonl", Self.line("task-a", "ksg1", estimate: 0.4) + "\n{\"task\": \"x\"}\n")
    let notResult = try CommandLine.run(["report", broken, "-o", "/dev/null"])
    #expect(notResult.stderr.contains("\(broken), line 2: not a result of `mi benchmark`: no estimator, samples, seed, truth, status"))
    let text = try CommandLine.file("e.jsonl", "estimate,truth\n")
    #expect(try CommandLine.run(["report", text]).stderr.contains("\(text), line 1: not a JSON object"))
    #expect(try CommandLine.run(["report", first, "--samples", "5000"]).stderr.contains("--samples 5000: no runs of that size; the results have 1000"))
    #expect(try CommandLine.run(["report", "/no/such/file.jsonl"]).stderr.contains("cannot read /no/such/file.jsonl"))
    let empty = try CommandLine.file("f.jsonl", "\n")
    #expect(try CommandLine.run(["report", empty]).stderr.contains("no results in"))
  }
}
