import Foundation
import MutualInformation

/// One task as `mi benchmark` runs it: its id, quantity, truth and dimensions, and where its
/// data comes from (a built-in task's sampler, or the sample files of a bmi task directory).
struct BenchmarkSource: Sendable {
  let id: String
  let quantity: BenchmarkQuantity
  let truth: Double
  let dimensions: [Int]
  /// The variables of `count` samples from `seed`.
  let variables: @Sendable (_ count: Int, _ seed: UInt64) throws -> [Matrix]

  /// A built-in task, sampled.
  init(_ task: any GroundTruthTask) {
    (id, quantity, truth, dimensions) = (task.id, task.quantity, task.truth, task.dimensions)
    variables = { count, seed in task.sampleVariables(count: count, seed: seed) }
  }

  init(id: String, quantity: BenchmarkQuantity, truth: Double, dimensions: [Int], variables: @escaping @Sendable (Int, UInt64) throws -> [Matrix]) {
    (self.id, self.quantity, self.truth, self.dimensions, self.variables) = (id, quantity, truth, dimensions, variables)
  }
}

extension BenchmarkQuantity {
  /// The registry capability an estimator needs for this quantity.
  var capability: EstimatorEntry.Capabilities {
    switch self {
    case .mutualInformation: .mutualInformation
    case .conditionalMutualInformation: .conditionalMutualInformation
    case .totalCorrelation: .totalCorrelation
    }
  }

  /// What an estimator lacking the capability cannot do, for messages.
  var lacking: String {
    switch self {
    case .mutualInformation: "mutual information"
    case .conditionalMutualInformation: "conditional MI"
    case .totalCorrelation: "total correlation"
    }
  }
}

extension EstimatorName {
  /// Whether the estimator reports this quantity in nats.
  func estimates(_ quantity: BenchmarkQuantity) -> Bool {
    entry.capabilities.contains(quantity.capability) && neuralBound?.reportsMutualInformation != false
  }

  /// The estimate of the quantity from the variables (X, Y; X, Y, Z; or the TC's).
  func estimate(_ quantity: BenchmarkQuantity, of variables: [Matrix], settings: Settings) throws -> Estimate {
    switch quantity {
    case .mutualInformation: return try mutualInformation(settings).estimate(variables[0], variables[1])
    case .conditionalMutualInformation: return try conditional(settings)!.estimate(variables[0], variables[1], given: variables[2])
    case .totalCorrelation: return try totalCorrelation(settings)!.totalCorrelation(variables)
    }
  }
}

/// The runs a benchmark command asks for: every task × sample size × seed × estimator able
/// to estimate the task's quantity.
struct BenchmarkPlan {
  /// One estimator on one sample of one task.
  struct Run: Sendable {
    let task: BenchmarkSource
    let estimator: EstimatorName
    let samples: Int
    let seed: UInt64
    /// Re-estimates of a 95% bootstrap interval (0: none).
    var intervals = 0

    /// The key that identifies the run in a results file.
    var key: String { BenchmarkPlan.key(task: task.id, estimator: estimator.rawValue, samples: samples, seed: seed) }

    /// Samples the task (or reads its sample), runs the estimator and returns the JSON
    /// record: status "ok" with the estimate, its error, the seconds and any warnings, or
    /// status "failed" with the message (an error, or an estimate that is not a finite
    /// number).
    func execute() -> [String: Any] {
      var record = description
      do {
        let variables = try task.variables(samples, seed)
        let start = ContinuousClock.now
        let estimate = try estimator.estimate(task.quantity, of: variables, settings: EstimatorName.Settings(seed: seed))
        let elapsed = start.duration(to: .now)
        record["seconds"] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard estimate.value.isFinite else {
          record["status"] = "failed"
          record["message"] = "the estimate is not a finite number (\(estimate.value))"
          return record
        }
        record["estimate"] = estimate.value
        record["error"] = estimate.value - task.truth
        record["status"] = "ok"
        record["kind"] = estimate.kind.rawValue
        if !estimate.warnings.isEmpty { record["warnings"] = estimate.warnings.map(\.description) }
        if intervals > 0, let interval = try interval(of: estimate.value, variables) {
          record["lower"] = interval.lower
          record["upper"] = interval.upper
          record["interval_method"] = interval.method.name
        }
      } catch {
        record["status"] = "failed"
        record["message"] = "\(error)"
      }
      return record
    }

    /// The fields of the run's record that do not depend on its outcome: task, estimator,
    /// samples, seed, quantity, dimensions and truth.
    var description: [String: Any] {
      var record: [String: Any] = [
        "task": task.id, "estimator": estimator.rawValue, "samples": samples, "seed": seed, "quantity": task.quantity.rawValue,
        "dims": task.dimensions, "truth": task.truth,
      ]
      if task.quantity != .totalCorrelation {
        record["dim_x"] = task.dimensions[0]
        record["dim_y"] = task.dimensions[1]
        if task.quantity == .conditionalMutualInformation { record["dim_z"] = task.dimensions[2] }
      }
      return record
    }

    /// The 95% bootstrap interval of I(X;Y) or I(X;Y|Z) around `observed`, by half-sampling
    /// with the rate correction for every classical estimator and by retraining with other
    /// seeds for the neural ones (seed + 1); nil for a total correlation,
    /// which has none. On the suite, half-sampling covered the truth in 93–98% of the runs on
    /// tasks where the estimator's bias is small, for k-NN, copula and Gaussian estimates
    /// alike; resampling with replacement gave the copula and Gaussian estimates 79–80%.
    private func interval(of observed: Double, _ variables: [Matrix]) throws -> Bootstrap.Interval? {
      let settings = EstimatorName.Settings(seed: seed)
      // Neural estimators: retrained with other seeds (half-samples would also halve their
      // training split).
      let method: Bootstrap.Method = estimator.neuralBound != nil ? .retraining : .halfSampling
      let bootstrap = Bootstrap(resamples: intervals, confidenceLevel: 0.95, seed: seed &+ 1, method: method)
      switch task.quantity {
      case .mutualInformation:
        return try bootstrap.run(estimator.mutualInformation(settings), variables[0], variables[1], observed: observed)
      case .conditionalMutualInformation:
        return try bootstrap.run(estimator.conditional(settings)!, variables[0], variables[1], given: variables[2], observed: observed)
      case .totalCorrelation:
        return nil
      }
    }
  }

  let runs: [Run]
  /// Estimator–task pairs left out because the estimator cannot estimate the task's
  /// quantity, as "estimator: quantity (n tasks)".
  let skipped: [String]

  /// The plan from the command's options, on built-in tasks.
  ///
  /// - Throws: a `CommandFailure` naming an unknown task or estimator, or a sample size that
  ///   is not an integer of at least 10.
  init(tasks: String, estimators: String, samples: String, seeds: Int, intervals: Int = 0) throws {
    let chosen = try Self.tasks(tasks).map(BenchmarkSource.init)
    let sizes = try Self.sizes(samples)
    let pairs = chosen.flatMap { task in sizes.flatMap { size in (0..<UInt64(seeds)).map { (task, size, $0) } } }
    try self.init(samples: pairs, estimators: estimators, intervals: intervals)
  }

  /// The plan over given samples (a task, a size and a seed each).
  init(samples: [(BenchmarkSource, Int, UInt64)], estimators: String, intervals: Int = 0) throws {
    let estimatorList = try Self.estimators(estimators)
    var runs: [Run] = []
    var skippedTasks: [String: Set<String>] = [:]
    for (task, size, seed) in samples {
      for estimator in estimatorList {
        if estimator.estimates(task.quantity) {
          runs.append(Run(task: task, estimator: estimator, samples: size, seed: seed, intervals: intervals))
        } else {
          skippedTasks["\(estimator.rawValue): no \(task.quantity.lacking)", default: []].insert(task.id)
        }
      }
    }
    guard !runs.isEmpty else {
      throw CommandFailure(
        "nothing to run: "
          + (skippedTasks.isEmpty
            ? "give at least one task, estimator and sample size"
            : "no estimator given can estimate the tasks' quantities (\(skippedTasks.keys.sorted().joined(separator: "; ")))"))
    }
    self.runs = runs
    skipped = skippedTasks.keys.sorted().map { "\($0) (\(skippedTasks[$0]!.count) task\(skippedTasks[$0]!.count == 1 ? "" : "s"))" }
  }

  /// The built-in tasks named by `--tasks`: suite names or ids.
  static func tasks(_ list: String) throws -> [any GroundTruthTask] {
    var chosen: [any GroundTruthTask] = []
    var unknown: [String] = []
    for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      if let suite = BenchmarkSuite.named.first(where: { $0.name == name }) {
        chosen += suite.tasks
      } else if let task = BenchmarkSuite.task(id: name) {
        chosen.append(task)
      } else {
        unknown.append(name)
      }
    }
    guard unknown.isEmpty else {
      throw CommandFailure(
        "unknown task\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in --tasks; `mi benchmark --list` prints the \(BenchmarkSuite.all.count) task ids (or give a suite: \(BenchmarkSuite.named.map(\.name).joined(separator: ", ")))"
      )
    }
    var seen = Set<String>()
    return chosen.filter { seen.insert($0.id).inserted }
  }

  /// The estimators named by `--estimators`.
  static func estimators(_ list: String) throws -> [EstimatorName] {
    var estimatorList: [EstimatorName] = []
    for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let estimator = EstimatorName(rawValue: name) else {
        throw CommandFailure("unknown estimator '\(name)' in --estimators; the estimators are \(EstimatorName.allValueStrings.joined(separator: ", "))")
      }
      guard estimator.neuralBound?.reportsMutualInformation != false else {
        throw CommandFailure("--estimators: '\(name)' does not report mutual information in nats, so it has no error against the truth")
      }
      estimatorList.append(estimator)
    }
    return estimatorList
  }

  /// The sample sizes of `--samples`.
  static func sizes(_ list: String) throws -> [Int] {
    var sizes: [Int] = []
    for text in list.split(separator: ",") {
      guard let size = Int(text.trimmingCharacters(in: .whitespaces)), size >= 10 else {
        throw CommandFailure("--samples: '\(text)' is not a sample size (an integer of at least 10)")
      }
      sizes.append(size)
    }
    return sizes
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
