import Foundation
import Testing

/// `mi benchmark`: the task list, JSON lines per run with the error against the truth,
/// failed runs recorded and the others kept, resuming, and bad options.
@Suite("mi benchmark")
struct BenchmarkCommandTests {
  static func records(_ path: String) throws -> [[String: Any]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }

  @Test func listPrintsTheTasks() throws {
    let result = try CommandLine.run(["benchmark", "--list"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 61)
    #expect(lines.first == "1v1-normal-0.75\t1\t1\t0.413339\tBivariate normal 1 × 1")
    #expect(lines.contains("spiral-normal_cdf-multinormal-sparse-25-25-2-2.0\t25\t25\t1.021651\tSpiral @ Normal CDF @ Multinormal 25 × 25 (2-pair)"))
    #expect(lines.contains("mixed-categorical-4\t1\t1\t0.866434\tCategorical X (4) with uniform Y | X"))
    #expect(lines.contains("cmi-gaussian-collider-1.0\t1\t1\t0.143841\tI(X;Y|Z), Z of dimension 1: Collider X → Z ← Y (noise 1.0)"))
    #expect(lines.contains("tc-multinormal-dense-3-0.5\t3\t0\t0.346574\tTC of 3 variables: Multinormal, 3 variables (dense)"))
  }

  /// Conditional and total-correlation tasks run with the estimators that estimate them;
  /// the others are skipped and said so. The Gaussian estimator is within 0.05 of the truth on
  /// the Gaussian tasks, the plug-in on noisy parity.
  @Test func conditionalAndTotalCorrelationTasks() throws {
    let out = try CommandLine.file("cmi.jsonl", "")
    let result = try CommandLine.run([
      "benchmark", "--tasks", "cmi-gaussian-collider-1.0,tc-multinormal-dense-3-0.5,cmi-noisy-parity-0.1", "--estimators", "gaussian,plugin,ksg2",
      "--samples", "4000", "-o", out,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("skipped: ksg2: no conditional MI (2 tasks)"), "\(result.stderr)")
    let records = try Self.records(out)
    #expect(records.count == 7)
    func record(_ task: String, _ estimator: String) throws -> [String: Any] {
      try #require(records.first { $0["task"] as? String == task && $0["estimator"] as? String == estimator })
    }
    let collider = try record("cmi-gaussian-collider-1.0", "gaussian")
    #expect(collider["quantity"] as? String == "cmi" && collider["dim_z"] as? Int == 1 && abs(collider["error"] as? Double ?? 1) < 0.05, "\(collider)")
    let tc = try record("tc-multinormal-dense-3-0.5", "gaussian")
    #expect(tc["quantity"] as? String == "tc" && tc["dims"] as? [Int] == [1, 1, 1] && tc["dim_x"] == nil && abs(tc["error"] as? Double ?? 1) < 0.05, "\(tc)")
    let parity = try record("cmi-noisy-parity-0.1", "plugin")
    #expect(abs(parity["error"] as? Double ?? 1) < 0.05, "\(parity)")
    #expect(try record("tc-multinormal-dense-3-0.5", "ksg2")["status"] as? String == "ok")
  }

  /// --write-tasks writes bmi's layout; --bmi-tasks runs on those files and gives the same
  /// estimates as sampling the built-in tasks (the files hold the same rows).
  @Test func taskFilesRoundTrip() throws {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("mi-tasks-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let tasks = "1v1-normal-0.75,cmi-gaussian-chain-a1.0-b1.0-c0.5"
    let write = try CommandLine.run(["benchmark", "--tasks", tasks, "--samples", "200,300", "--seeds", "2", "--write-tasks", directory])
    #expect(write.status == 0 && write.stdout == "2 tasks × 4 samples written to \(directory) in bmi's layout\n", "\(write.stdout)\(write.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(directory)/1v1-normal-0.75/metadata.yaml"))
    #expect(FileManager.default.fileExists(atPath: "\(directory)/1v1-normal-0.75/300-1.csv"))
    let fromFiles = try CommandLine.file("files.jsonl", "")
    let sampled = try CommandLine.file("sampled.jsonl", "")
    let first = try CommandLine.run(["benchmark", "--bmi-tasks", directory, "--estimators", "ksg", "-o", fromFiles])
    #expect(first.status == 0 && first.stdout.hasPrefix("8 runs written"), "\(first.stdout)\(first.stderr)")
    _ = try CommandLine.run(["benchmark", "--tasks", tasks, "--samples", "200,300", "--seeds", "2", "--estimators", "ksg", "-o", sampled])
    func estimates(_ path: String) throws -> [String: Double] {
      Dictionary(uniqueKeysWithValues: try Self.records(path).map { ("\($0["task"]!)|\($0["samples"]!)|\($0["seed"]!)", $0["estimate"] as? Double ?? .nan) })
    }
    #expect(try estimates(fromFiles) == estimates(sampled))
    let some = try CommandLine.file("some.jsonl", "")
    let filtered = try CommandLine.run(["benchmark", "--bmi-tasks", directory, "--tasks", "1v1-normal-0.75", "--samples", "300", "--seeds", "1", "-o", some])
    #expect(filtered.stdout.hasPrefix("2 runs written"), "\(filtered.stdout)\(filtered.stderr)")
    let missing = try CommandLine.run(["benchmark", "--bmi-tasks", directory, "--tasks", "1v1-normal-0.5", "-o", some])
    #expect(missing.status != 0 && missing.stderr.contains("--tasks: '1v1-normal-0.5' not in \(directory)"))
    try "dim_x: 1\ndim_y: 1\nmi_true: 0.4\ntask_id: x\ntask_name: y\nbmi_version: 0.2\n".write(
      toFile: "\(directory)/1v1-normal-0.75/metadata.yaml", atomically: true, encoding: .utf8)
    let otherVersion = try CommandLine.run(["benchmark", "--bmi-tasks", directory, "-o", some])
    #expect(otherVersion.status != 0 && otherVersion.stderr.contains("metadata.yaml: not the task metadata of bmi 0.1"), "\(otherVersion.stderr)")
  }

  /// The extra suite (discrete, tied and mixed data): the discrete estimators get within 0.02 of
  /// the exact value on the discrete tasks with 5,000 samples.
  @Test func theExtraSuiteRuns() throws {
    let out = try CommandLine.file("extra.jsonl", "")
    let result = try CommandLine.run(["benchmark", "--tasks", "extra", "--estimators", "miller-madow,mixed", "--samples", "5000", "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    let records = try Self.records(out)
    #expect(records.count == 18)
    for record in records where record["estimator"] as? String == "miller-madow" && ((record["task"] as? String ?? "").hasPrefix("discrete") || (record["task"] as? String ?? "").hasPrefix("tied-binomial-10")) {
      #expect(record["status"] as? String == "ok" && abs(record["error"] as? Double ?? 1) < 0.02, "\(record)")
    }
  }

  /// Two tasks × two estimators × two seeds: 8 lines; KSG's runs carry the estimate and its
  /// error, Ross's (continuous X) fail with the estimator's message and do not stop the rest;
  /// a second run resumes (writes nothing), a third with more seeds adds only the new runs.
  @Test func runsFailuresAndResuming() throws {
    let out = try CommandLine.file("results.jsonl", "")
    let arguments = [
      "benchmark", "--tasks", "1v1-normal-0.75,student-identity-1-1-1", "--estimators", "ksg,ross", "--samples", "300", "--seeds", "2", "-o", out,
    ]
    let first = try CommandLine.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == "8 runs written to \(out) (0 already there, 4 failed); the failed runs have status \"failed\" and a message\n")
    let records = try Self.records(out)
    #expect(records.count == 8)
    for record in records {
      let estimator = try #require(record["estimator"] as? String)
      if estimator == "ksg1" {
        let (estimate, truth, error) = try (#require(record["estimate"] as? Double), #require(record["truth"] as? Double), #require(record["error"] as? Double))
        #expect(record["status"] as? String == "ok" && abs(estimate - truth - error) < 1e-12 && abs(error) < 0.2, "\(record)")
        #expect(record["kind"] as? String == "point estimate" && (record["seconds"] as? Double ?? -1) >= 0)
      } else {
        #expect(estimator == "ross" && record["status"] as? String == "failed" && record["estimate"] == nil, "\(record)")
        #expect((record["message"] as? String ?? "").contains("neither side is discrete"))
      }
    }
    let seeds = Set(records.compactMap { $0["seed"] as? Int })
    #expect(seeds == [0, 1])
    let again = try CommandLine.run(arguments)
    let count = try Self.records(out).count
    #expect(again.stdout.hasPrefix("0 runs written to \(out) (8 already there") && count == 8)
    var more = arguments
    more[more.firstIndex(of: "--seeds")! + 1] = "3"
    let third = try CommandLine.run(more)
    #expect(third.stdout.hasPrefix("4 runs written to \(out) (8 already there"), "\(third.stdout)")
    let finalCount = try Self.records(out).count
    #expect(finalCount == 12)
  }

  /// Each run has its own process: an estimator that crashes it (here the hidden test hook
  /// aborts every copula run) is recorded as failed with the signal, and the other runs go
  /// on with the same estimates as in process.
  @Test func aCrashingEstimatorIsRecordedAndTheRestGoOn() throws {
    let isolated = try CommandLine.file("isolated.jsonl", "")
    let arguments = ["benchmark", "--tasks", "1v1-normal-0.75,multinormal-dense-2-2-0.5", "--estimators", "ksg,copula", "--samples", "300", "--jobs", "2"]
    let result = try CommandLine.run(arguments + ["-o", isolated, "--abort-for-testing", "copula"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("4 runs written to \(isolated) (0 already there, 2 failed)"), "\(result.stdout)")
    let records = try Self.records(isolated)
    #expect(records.count == 4)
    for record in records where record["estimator"] as? String == "copula" {
      #expect(record["status"] as? String == "failed" && record["estimate"] == nil, "\(record)")
      let message = record["message"] as? String ?? ""
      #expect(message.contains("the estimator crashed: its process was killed by signal 6 (SIGABRT)") && message.hasSuffix("The other runs went on"), "\(message)")
      #expect(record["truth"] as? Double != nil && record["dims"] as? [Int] != nil)
    }
    let inProcess = try CommandLine.file("in-process.jsonl", "")
    let direct = try CommandLine.run(arguments + ["-o", inProcess, "--in-process"])
    #expect(direct.status == 0, "\(direct.stderr)")
    func estimates(_ path: String) throws -> [String: Double] {
      Dictionary(uniqueKeysWithValues: try Self.records(path).compactMap { r in
        (r["estimate"] as? Double).map { ("\(r["task"]!)|\(r["estimator"]!)", $0) }
      })
    }
    let (fromChildren, fromThisProcess) = (try estimates(isolated), try estimates(inProcess))
    #expect(fromChildren.count == 2 && fromThisProcess.count == 4)
    for (key, value) in fromChildren { #expect(fromThisProcess[key] == value, "\(key)") }
  }

  /// MI_THREADS caps the threads of an `mi` process; a value that is not a positive whole
  /// number is refused before any work.
  @Test func threadLimitFromTheEnvironment() throws {
    let out = try CommandLine.file("threads.jsonl", "")
    let limited = try CommandLine.run(["benchmark", "--tasks", "1v1-normal-0.75", "--estimators", "ksg", "--samples", "300", "-o", out], environment: ["MI_THREADS": "1"])
    #expect(limited.status == 0 && limited.stdout.hasPrefix("1 runs written"), "\(limited.stderr)")
    for bad in ["0", "two", "-3"] {
      let refused = try CommandLine.run(["estimators"], environment: ["MI_THREADS": bad])
      #expect(refused.status == 64 && refused.stderr == "Error: MI_THREADS must be a positive whole number (the most threads per process), got '\(bad)'\n", "\(refused.stderr)")
    }
  }

  /// --intervals: each MI and CMI run carries a 95% interval around its estimate (by
  /// half-sampling, for KSG and the copula alike); total correlations have none.
  @Test func intervalsAroundTheEstimates() throws {
    let out = try CommandLine.file("intervals.jsonl", "")
    let result = try CommandLine.run([
      "benchmark", "--tasks", "1v1-normal-0.75,cmi-gaussian-collider-1.0,tc-multinormal-dense-3-0.5", "--estimators", "ksg,copula", "--samples", "400",
      "--intervals", "20", "-o", out,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let records = try Self.records(out)
    #expect(records.count == 6)
    for record in records {
      let estimate = try #require(record["estimate"] as? Double)
      if record["quantity"] as? String == "tc" {
        #expect(record["lower"] == nil && record["upper"] == nil)
        continue
      }
      let (lower, upper) = try (#require(record["lower"] as? Double), #require(record["upper"] as? Double))
      #expect(lower < estimate && estimate < upper && upper - lower < 0.5, "\(record)")
      #expect(record["interval_method"] as? String == "subsampling", "\(record)")
    }
    let bad = try CommandLine.run(["benchmark", "--intervals", "1", "-o", out])
    #expect(bad.status != 0 && bad.stderr.contains("--intervals must be 0 (none) or at least 2 re-estimates, got 1"))
  }

  @Test func badOptionsAreNamed() throws {
    let out = try CommandLine.file("results.jsonl", "")
    func message(_ extra: [String]) throws -> String {
      let result = try CommandLine.run(["benchmark", "-o", out] + extra)
      #expect(result.status != 0)
      return result.stderr
    }
    #expect(try message(["--tasks", "1v1-normal-0.75,nope"]).contains("unknown task 'nope' in --tasks; `mi benchmark --list` prints the 61 task ids (or give a suite: bmi, extra, cmi, tc, all)"))
    #expect(try message(["--estimators", "ksg,kgs"]).contains("unknown estimator 'kgs' in --estimators"))
    #expect(try message(["--estimators", "wdm"]).contains("'wdm' does not report mutual information in nats"))
    #expect(try message(["--tasks", "cmi", "--estimators", "infonce"]).contains("nothing to run: no estimator given can estimate the tasks' quantities (infonce: no conditional MI)"))
    #expect(try message(["--samples", "1000,5"]).contains("--samples: '5' is not a sample size"))
    #expect(try message(["--seeds", "0"]).contains("--seeds must be at least 1"))
    let foreign = try CommandLine.file("other.jsonl", "{\"task\": \"1v1-normal-0.75\"}\n")
    let result = try CommandLine.run(["benchmark", "--tasks", "1v1-normal-0.75", "-o", foreign])
    #expect(result.status != 0 && result.stderr.contains("\(foreign), line 1: not a result of `mi benchmark`"), "\(result.stderr)")
  }
}
