import Foundation

/// One line of a results file: a run of `mi benchmark`, or of a peer written in the same form
/// with a `"tool"` field (absent for ours).
struct BenchmarkRecord: Sendable {
  /// The tool that ran the estimator: "MutualInformation" for ours, else the peer's name.
  let tool: String
  let task: String
  let estimator: String
  let samples: Int
  let seed: Int
  let quantity: String
  let truth: Double
  /// The estimate, nil for a failed run.
  let estimate: Double?
  let seconds: Double?
  /// A 95% interval, when the run reported one (`"lower"` and `"upper"`).
  let interval: (lower: Double, upper: Double)?
  let failure: String?
  /// Where the line came from: "file, line n".
  let origin: String

  /// Our own tool's name in results.
  static let ourTool = "MutualInformation"

  /// The label in figures: the estimator, prefixed by the peer's tool ("sklearn: ksg").
  var label: String { tool == Self.ourTool ? estimator : "\(tool): \(estimator)" }
  /// Whether a peer ran it.
  var isPeer: Bool { tool != Self.ourTool }
  /// estimate − truth.
  var error: Double? { estimate.map { $0 - truth } }
}

/// The runs of one or more results files, checked to come from the same task definitions
/// and one setting per estimator.
struct BenchmarkResults {
  let records: [BenchmarkRecord]

  /// Reads and checks the files.
  ///
  /// - Throws: a `CommandFailure`: a line that is not a result (its file and line), a task
  ///   whose truth or quantity differs between lines (results of different task
  ///   definitions), or one run (tool, estimator, task, size, seed) recorded twice with
  ///   different outcomes (results from different settings).
  init(paths: [String]) throws {
    var records: [BenchmarkRecord] = []
    var firstOfTask: [String: BenchmarkRecord] = [:]
    var firstOfRun: [String: BenchmarkRecord] = [:]
    var indexOfRun: [String: Int] = [:]
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path): no such file") }
      let text = String(decoding: data, as: UTF8.self)
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
        let origin = "\(path), line \(index + 1)"
        let record = try Self.record(String(line), origin: origin)
        if let first = firstOfTask[record.task] {
          let scale = max(1, abs(first.truth))
          guard abs(first.truth - record.truth) <= 1e-9 * scale, first.quantity == record.quantity else {
            throw CommandFailure(
              "task \(record.task) has truth \(first.truth) (\(first.quantity)) in \(first.origin) but \(record.truth) (\(record.quantity)) in \(origin): results of different task definitions; report them separately"
            )
          }
        } else {
          firstOfTask[record.task] = record
        }
        let key = "\(record.tool)|\(record.estimator)|\(record.task)|\(record.samples)|\(record.seed)"
        if let first = firstOfRun[key] {
          guard first.estimate == record.estimate, first.failure == record.failure else {
            throw CommandFailure(
              "\(record.label) on \(record.task) (\(record.samples) samples, seed \(record.seed)) is in \(first.origin) and again in \(origin) with another result: results from different settings or versions; give one of them"
            )
          }
          // The same run twice: counted once, with its interval when one of them has it
          // (a run again with --intervals).
          if first.interval == nil, record.interval != nil, let index = indexOfRun[key] { records[index] = record }
          continue
        }
        firstOfRun[key] = record
        indexOfRun[key] = records.count
        records.append(record)
      }
    }
    guard !records.isEmpty else { throw CommandFailure("no results in \(paths.joined(separator: ", ")): run `mi benchmark` first") }
    self.records = records
  }

  private static func record(_ line: String, origin: String) throws -> BenchmarkRecord {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
      throw CommandFailure("\(origin): not a JSON object; a results file of `mi benchmark` has one per line")
    }
    func number(_ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
    guard let task = object["task"] as? String, let estimator = object["estimator"] as? String, let samples = number("samples"),
      let seed = number("seed"), let truth = number("truth"), truth.isFinite, let status = object["status"] as? String
    else {
      let missing = ["task", "estimator", "samples", "seed", "truth", "status"].filter { object[$0] == nil }
      throw CommandFailure(
        "\(origin): not a result of `mi benchmark`\(missing.isEmpty ? " (a field has the wrong type)" : ": no \(missing.joined(separator: ", "))")")
    }
    let estimate = status == "ok" ? number("estimate") : nil
    if status == "ok" && !(estimate?.isFinite ?? false) {
      throw CommandFailure("\(origin): status ok without a finite estimate")
    }
    var interval: (Double, Double)?
    if let lower = number("lower"), let upper = number("upper"), lower.isFinite, upper.isFinite, lower <= upper { interval = (lower, upper) }
    return BenchmarkRecord(
      tool: object["tool"] as? String ?? BenchmarkRecord.ourTool, task: task, estimator: estimator, samples: Int(samples), seed: Int(seed),
      quantity: object["quantity"] as? String ?? "mi", truth: truth, estimate: estimate, seconds: number("seconds"), interval: interval,
      failure: status == "ok" ? nil : (object["message"] as? String ?? "failed"), origin: origin)
  }

  /// The estimator labels, ours first, each group in order of first appearance.
  var labels: [String] {
    var seen = Set<String>()
    let ordered = records.map(\.label).filter { seen.insert($0).inserted }
    let peers = Set(records.filter(\.isPeer).map(\.label))
    return ordered.filter { !peers.contains($0) } + ordered.filter { peers.contains($0) }
  }

  /// The task ids with their truth and quantity: MI tasks first, then CMI, then TC (any
  /// other quantity last), each group in order of first appearance.
  var tasks: [(id: String, truth: Double, quantity: String)] {
    var seen = Set<String>()
    let order = ["mi", "cmi", "tc"]
    let first = records.filter { seen.insert($0.task).inserted }.enumerated()
    return first.sorted { a, b in
      let (ra, rb) = (order.firstIndex(of: a.element.quantity) ?? order.count, order.firstIndex(of: b.element.quantity) ?? order.count)
      return ra != rb ? ra < rb : a.offset < b.offset
    }.map { ($0.element.task, $0.element.truth, $0.element.quantity) }
  }

  /// The sample sizes, ascending.
  var sizes: [Int] { Array(Set(records.map(\.samples))).sorted() }
}

/// The median of a non-empty list.
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  let n = sorted.count
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}
