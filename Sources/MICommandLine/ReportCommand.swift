import ArgumentParser
import Foundation

/// `mi report`: the results of `mi benchmark` (and of peers in the same form) as one
/// self-contained HTML page of figures.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write an HTML report (SVG figures, no server needed) of benchmark results.",
    discussion: """
      Reads JSON lines written by `mi benchmark` (and by peers in the same form, with a "tool" field). \
      Files whose runs disagree (a task with two truths, one run with two results) are refused.
      """)

  @Argument(help: "Results files (JSON lines).")
  var files: [String]

  @Option(name: [.customShort("o"), .long], help: "The HTML file to write.")
  var out = "report.html"

  @Option(help: "The sample size of the per-task figures (default: the largest in the results).")
  var samples: Int?

  @Option(help: "The page's title.")
  var title = "Mutual information estimators against the truth"

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one results file") }
  }

  func run() throws {
    let results = try BenchmarkResults(paths: files)
    let size = samples ?? results.sizes.last!
    guard results.sizes.contains(size) else {
      throw CommandFailure("--samples \(size): no runs of that size; the results have \(results.sizes.map(String.init).joined(separator: ", "))")
    }
    let report = BenchmarkReport(results: results, size: size, title: title, sources: files.map { URL(fileURLWithPath: $0).lastPathComponent })
    do {
      try report.html.write(toFile: out, atomically: true, encoding: .utf8)
    } catch {
      throw CommandFailure("cannot write \(out): \(error.localizedDescription)")
    }
    print("\(out): \(results.records.count) runs, \(results.labels.count) estimators, \(results.tasks.count) tasks")
  }
}
