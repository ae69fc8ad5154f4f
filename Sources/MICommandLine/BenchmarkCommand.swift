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

  @Option(help: "Task ids, comma-separated, or suites: 'bmi' (bmi's 40 tasks), 'extra' (discrete, tied and mixed), 'cmi' (conditional MI), 'tc' (total correlation), 'all'. --list prints them.")
  var tasks = "all"

  @Option(help: "Estimators, comma-separated (names from `mi estimators`). Each runs the tasks whose quantity it estimates.")
  var estimators = "ksg,copula"

  @Option(help: "Sample sizes, comma-separated (default 1000; with --bmi-tasks, the sizes of the files).")
  var samples: String?

  @Option(help: "Seeds per task and sample size: runs use seeds 0, 1, … (the data's and the estimator's). Default 1; with --bmi-tasks, the seeds of the files.")
  var seeds: Int?

  @Option(name: [.customShort("o"), .long], help: "The results file (JSON lines), created or extended.")
  var out = "results.jsonl"

  @Option(help: "Runs at a time (default: one per core).")
  var jobs: Int?

  @Option(help: "Re-estimates of a 95% bootstrap interval per run (0: none), written as lower and upper; by half-sampling with the rate correction, for neural estimators by retraining with other seeds. Not for total correlations.")
  var intervals = 0

  @Option(
    name: .customLong("bmi-tasks"),
    help: "Run on the task files in this directory, in bmi's layout (TASK_ID/metadata.yaml and TASK_ID/N-SEED.csv), instead of sampling.")
  var bmiTasks: String?

  @Option(
    name: .customLong("write-tasks"),
    help: "Write the tasks' samples (--samples × --seeds) in bmi's layout to this directory for peers to read, and stop.")
  var writeTasks: String?

  @Flag(
    name: .customLong("in-process"),
    help: "Run every estimate in this process instead of one child process per run: no process start per run, but an estimator that crashes ends the whole benchmark.")
  var inProcess = false

  /// Set by the parent for its child process: run only the run with this key and print its
  /// record on standard output.
  @Option(name: .customLong("run-key"), help: .hidden)
  var runKey: String?

  /// A test hook: the child process of every run of this estimator aborts, as a crashing
  /// estimator would.
  @Option(name: .customLong("abort-for-testing"), help: .hidden)
  var abortForTesting: String?

  @Flag(help: "List the tasks (id, dimension of X, of Y, true value in nats, title) and stop. A conditional task's title names Z's dimension; a total correlation's X is its number of variables and Y is 0.")
  var list = false

  func validate() throws {
    if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    if intervals != 0 && intervals < 2 { throw ValidationError("--intervals must be 0 (none) or at least 2 re-estimates, got \(intervals)") }
  }

  func run() throws {
    if list {
      for task in BenchmarkSuite.all {
        let metadata = BmiTaskMetadata(task)
        let title: String
        switch task.quantity {
        case .mutualInformation: title = task.title
        case .conditionalMutualInformation: title = "I(X;Y|Z), Z of dimension \(task.dimensions[2]): \(task.title)"
        case .totalCorrelation: title = "TC of \(task.dimensions.count) variables: \(task.title)"
        }
        print("\(task.id)\t\(metadata.dimensionX)\t\(metadata.dimensionY)\t\(String(format: "%.6f", task.truth))\t\(title)")
      }
      return
    }
    if let writeTasks {
      let chosen = try BenchmarkPlan.tasks(tasks)
      let sizes = try BenchmarkPlan.sizes(samples ?? "1000")
      for task in chosen {
        try BmiTaskDirectory.write(task, sizes: sizes, seeds: Array(0..<UInt64(seeds ?? 1)), to: writeTasks)
      }
      print("\(chosen.count) task\(chosen.count == 1 ? "" : "s") × \(sizes.count * (seeds ?? 1)) sample\(sizes.count * (seeds ?? 1) == 1 ? "" : "s") written to \(writeTasks) in bmi's layout")
      return
    }
    let plan = try bmiTasks.map(planFromFiles) ?? BenchmarkPlan(tasks: tasks, estimators: estimators, samples: samples ?? "1000", seeds: seeds ?? 1, intervals: intervals)
    if let runKey { return try runChild(runKey, plan) }
    for line in plan.skipped { FileHandle.standardError.write(Data("skipped: \(line)\n".utf8)) }
    let done = try BenchmarkPlan.completedRuns(in: out)
    let pending = plan.runs.filter { !done.contains($0.key) }
    let writer = try ResultWriter(path: out)
    let bar = ProgressBar(label: "benchmark")
    let counter = RunCounter()
    let width = min(jobs ?? ProcessInfoCores.active, max(pending.count, 1))
    let next = RunCounter()
    let isolated = inProcess ? nil : IsolatedRunner.ofThisProcess(
      arguments: Array(CommandLine.arguments.dropFirst()), threadsPerRun: max(1, ProcessInfoCores.active / width))
    DispatchQueue.concurrentPerform(iterations: width) { _ in
      while true {
        let index = next.increment() - 1
        guard index < pending.count else { return }
        let record = isolated?.execute(pending[index]) ?? pending[index].execute()
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

  /// The child process of one run (`IsolatedRunner`): executes the run with `key` of the
  /// plan in this process and prints its record as one JSON line.
  private func runChild(_ key: String, _ plan: BenchmarkPlan) throws {
    guard let run = plan.runs.first(where: { $0.key == key }) else { throw CommandFailure("--run-key: no run '\(key)' in this benchmark's plan") }
    if abortForTesting == run.estimator.rawValue { abort() }
    let data = try JSONSerialization.data(withJSONObject: run.execute(), options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  }

  /// The plan over the sample files of a bmi task directory: every file (or those of
  /// --samples, and of seeds below --seeds when given) × estimator; --tasks filters by id
  /// or suite.
  private func planFromFiles(_ directory: String) throws -> BenchmarkPlan {
    let found = try BmiTaskDirectory(path: directory)
    let sizes = try samples.map(BenchmarkPlan.sizes)
    // Ids, or suite names standing for their tasks' ids.
    let wanted: Set<String>? = tasks == "all" ? nil : Set(tasks.split(separator: ",").flatMap { part -> [String] in
      let name = part.trimmingCharacters(in: .whitespaces)
      return BenchmarkSuite.named.first { $0.name == name }?.tasks.map(\.id) ?? [name]
    })
    if let wanted {
      let missing = wanted.subtracting(found.tasks.map(\.metadata.taskID))
      guard missing.isEmpty else {
        throw CommandFailure("--tasks: \(missing.sorted().map { "'\($0)'" }.joined(separator: ", ")) not in \(directory)")
      }
    }
    var pairs: [(BenchmarkSource, Int, UInt64)] = []
    for task in found.tasks where wanted?.contains(task.metadata.taskID) ?? true {
      let source = BenchmarkSource(
        id: task.metadata.taskID, quantity: task.quantity, truth: task.metadata.truth, dimensions: task.dimensions,
        variables: { rows, seed in try task.variables(rows: rows, seed: seed) })
      for file in task.samples where (sizes?.contains(file.rows) ?? true) && (seeds.map { file.seed < UInt64($0) } ?? true) {
        pairs.append((source, file.rows, file.seed))
      }
    }
    guard !pairs.isEmpty else { throw CommandFailure("\(directory): no sample files\(samples.map { " of size \($0)" } ?? "") to run") }
    return try BenchmarkPlan(samples: pairs, estimators: estimators, intervals: intervals)
  }
}
