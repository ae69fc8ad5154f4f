import ArgumentParser
import Dispatch
import Foundation
import MutualInformation

/// `mi benchmark`: estimators against the truth on named tasks (bmi's suite,
/// `BenchmarkSuite.bmi`), one JSON line per run, in parallel, resumable.
struct BenchmarkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "benchmark",
    abstract: "Run estimators on tasks whose mutual information is known; write one JSON line per run.",
    discussion: """
      Each run is one task, estimator, sample size and seed. Runs go to --out as JSON lines as they finish; \
      a run already in the file is skipped, so an interrupted benchmark resumes where it stopped. An estimator \
      that fails on a run is recorded with status "failed" and its message, and the others continue.
      """)

  @Option(help: "Task ids, comma-separated, or a suite: 'bmi' (bmi's 40 tasks), 'extra' (discrete and mixed), 'all' (both). --list prints them.")
  var tasks = "all"

  @Option(help: "Estimators, comma-separated (names from `mi estimators`).")
  var estimators = "ksg,copula"

  @Option(help: "Sample sizes, comma-separated.")
  var samples = "1000"

  @Option(help: "Seeds per task and sample size: runs use seeds 0, 1, … (the data's and the estimator's).")
  var seeds = 1

  @Option(name: [.customShort("o"), .long], help: "The results file (JSON lines), created or extended.")
  var out = "results.jsonl"

  @Option(help: "Runs at a time (default: one per core).")
  var jobs: Int?

  @Flag(help: "List the tasks (id, dimensions of X and Y, true MI in nats, title) and stop.")
  var list = false

  func validate() throws {
    guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
  }

  func run() throws {
    if list {
      for task in BenchmarkSuite.all {
        print("\(task.id)\t\(task.dimensionX)\t\(task.dimensionY)\t\(String(format: "%.6f", task.mutualInformation))\t\(task.title)")
      }
      return
    }
    let plan = try BenchmarkPlan(tasks: tasks, estimators: estimators, samples: samples, seeds: seeds)
    let done = try BenchmarkPlan.completedRuns(in: out)
    let pending = plan.runs.filter { !done.contains($0.key) }
    let writer = try ResultWriter(path: out)
    let bar = ProgressBar(label: "benchmark")
    let counter = RunCounter()
    let width = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, max(pending.count, 1))
    let next = RunCounter()
    DispatchQueue.concurrentPerform(iterations: width) { _ in
      while true {
        let index = next.increment() - 1
        guard index < pending.count else { return }
        let record = pending[index].execute()
        writer.append(record)
        bar.update(counter.increment(), pending.count)
      }
    }
    bar.clear()
    if let failure = writer.failure { throw CommandFailure("cannot write \(out): \(failure)") }
    let failed = writer.failedCount
    print(
      "\(pending.count) runs written to \(out) (\(plan.runs.count - pending.count) already there, \(failed) failed)"
        + (failed > 0 ? "; the failed runs have status \"failed\" and a message" : ""))
  }
}

/// The runs a benchmark command asks for: every task × sample size × seed × estimator.
struct BenchmarkPlan {
  /// One estimator on one sample of one task.
  struct Run: Sendable {
    let task: BenchmarkTask
    let estimator: EstimatorName
    let samples: Int
    let seed: UInt64

    /// The key that identifies the run in a results file.
    var key: String { BenchmarkPlan.key(task: task.id, estimator: estimator.rawValue, samples: samples, seed: seed) }

    /// Samples the task, runs the estimator and returns the JSON record: status "ok" with
    /// the estimate, its error, the seconds and any warnings, or status "failed" with the
    /// message (an error, or an estimate that is not a finite number).
    func execute() -> [String: Any] {
      var record: [String: Any] = [
        "task": task.id, "estimator": estimator.rawValue, "samples": samples, "seed": seed, "dim_x": task.dimensionX,
        "dim_y": task.dimensionY, "truth": task.mutualInformation,
      ]
      let (x, y) = task.sample(count: samples, seed: seed)
      let start = ContinuousClock.now
      do {
        let estimate = try estimator.mutualInformation(EstimatorName.Settings(seed: seed)).estimate(x, y)
        let elapsed = start.duration(to: .now)
        record["seconds"] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard estimate.value.isFinite else {
          record["status"] = "failed"
          record["message"] = "the estimate is not a finite number (\(estimate.value))"
          return record
        }
        record["estimate"] = estimate.value
        record["error"] = estimate.value - task.mutualInformation
        record["status"] = "ok"
        record["kind"] = estimate.kind.rawValue
        if !estimate.warnings.isEmpty { record["warnings"] = estimate.warnings.map(\.description) }
      } catch {
        record["status"] = "failed"
        record["message"] = "\(error)"
      }
      return record
    }
  }

  let runs: [Run]

  /// The plan from the command's options.
  ///
  /// - Throws: a `CommandFailure` naming an unknown task or estimator, or a sample size that
  ///   is not an integer of at least 10.
  init(tasks: String, estimators: String, samples: String, seeds: Int) throws {
    let chosen: [BenchmarkTask]
    switch tasks {
    case "all": chosen = BenchmarkSuite.all
    case "bmi": chosen = BenchmarkSuite.bmi
    case "extra": chosen = BenchmarkSuite.extra
    default:
      let ids = tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let found = ids.map(BenchmarkSuite.task(id:))
      let unknown = zip(ids, found).filter { $0.1 == nil }.map(\.0)
      guard unknown.isEmpty else {
        throw CommandFailure(
          "unknown task\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in --tasks; `mi benchmark --list` prints the \(BenchmarkSuite.all.count) task ids (or give a suite: bmi, extra, all)")
      }
      chosen = found.compactMap { $0 }
    }
    let names = estimators.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    var estimatorList: [EstimatorName] = []
    for name in names {
      guard let estimator = EstimatorName(rawValue: name) else {
        throw CommandFailure("unknown estimator '\(name)' in --estimators; the estimators are \(EstimatorName.allValueStrings.joined(separator: ", "))")
      }
      guard estimator.entry.capabilities.contains(.mutualInformation), estimator.neuralBound?.reportsMutualInformation != false else {
        throw CommandFailure("--estimators: '\(name)' does not report mutual information in nats, so it has no error against the truth")
      }
      estimatorList.append(estimator)
    }
    var sizes: [Int] = []
    for text in samples.split(separator: ",") {
      guard let size = Int(text.trimmingCharacters(in: .whitespaces)), size >= 10 else {
        throw CommandFailure("--samples: '\(text)' is not a sample size (an integer of at least 10)")
      }
      sizes.append(size)
    }
    guard !chosen.isEmpty, !estimatorList.isEmpty, !sizes.isEmpty else {
      throw CommandFailure("nothing to run: give at least one task, estimator and sample size")
    }
    var runs: [Run] = []
    for task in chosen {
      for size in sizes {
        for seed in 0..<UInt64(seeds) {
          for estimator in estimatorList { runs.append(Run(task: task, estimator: estimator, samples: size, seed: seed)) }
        }
      }
    }
    self.runs = runs
  }

  static func key(task: String, estimator: String, samples: Int, seed: UInt64) -> String { "\(task)|\(estimator)|\(samples)|\(seed)" }

  /// The keys of the runs already in the results file at `path` (none when it does not
  /// exist).
  ///
  /// - Throws: a `CommandFailure` naming the line that is not a run of `mi benchmark`.
  static func completedRuns(in path: String) throws -> Set<String> {
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw CommandFailure("cannot read \(path) (to resume from it): it is not a UTF-8 text file")
    }
    var keys = Set<String>()
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
      guard
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let task = object["task"] as? String, let estimator = object["estimator"] as? String,
        let samples = (object["samples"] as? NSNumber)?.intValue, let seed = (object["seed"] as? NSNumber)?.uint64Value
      else {
        throw CommandFailure(
          "\(path), line \(number + 1): not a result of `mi benchmark` (a JSON object with task, estimator, samples and seed); give another --out")
      }
      keys.insert(key(task: task, estimator: estimator, samples: samples, seed: seed))
    }
    return keys
  }
}

/// Appends JSON lines to the results file from several threads, one whole line at a time.
final class ResultWriter: @unchecked Sendable {
  private let handle: FileHandle
  private let lock = NSLock()
  private(set) var failedCount = 0
  private(set) var failure: String?

  init(path: String) throws {
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CommandFailure("cannot create \(path)") }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else { throw CommandFailure("cannot open \(path) for writing") }
    handle.seekToEndOfFile()
    self.handle = handle
  }

  deinit { try? handle.close() }

  func append(_ record: [String: Any]) {
    lock.lock()
    defer { lock.unlock() }
    if record["status"] as? String == "failed" { failedCount += 1 }
    do {
      var data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
      data.append(0x0A)
      try handle.write(contentsOf: data)
    } catch {
      failure = failure ?? "\(error)"
    }
  }
}

/// A counter shared by the worker threads.
final class RunCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  /// Adds one and returns the new value.
  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
