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
    #expect(lines.count == 45)
    #expect(lines.first == "1v1-normal-0.75\t1\t1\t0.413339\tBivariate normal 1 × 1")
    #expect(lines.contains("spiral-normal_cdf-multinormal-sparse-25-25-2-2.0\t25\t25\t1.021651\tSpiral @ Normal CDF @ Multinormal 25 × 25 (2-pair)"))
    #expect(lines.contains("mixed-categorical-4\t1\t1\t0.866434\tCategorical X (4) with uniform Y | X"))
  }

  /// The extra suite (discrete and mixed data): the discrete estimators get within 0.02 of
  /// the exact value on the discrete tasks with 5,000 samples.
  @Test func theExtraSuiteRuns() throws {
    let out = try CommandLine.file("extra.jsonl", "")
    let result = try CommandLine.run(["benchmark", "--tasks", "extra", "--estimators", "miller-madow,mixed", "--samples", "5000", "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    let records = try Self.records(out)
    #expect(records.count == 10)
    for record in records where record["estimator"] as? String == "miller-madow" && (record["task"] as? String ?? "").hasPrefix("discrete") {
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

  @Test func badOptionsAreNamed() throws {
    let out = try CommandLine.file("results.jsonl", "")
    func message(_ extra: [String]) throws -> String {
      let result = try CommandLine.run(["benchmark", "-o", out] + extra)
      #expect(result.status != 0)
      return result.stderr
    }
    #expect(try message(["--tasks", "1v1-normal-0.75,nope"]).contains("unknown task 'nope' in --tasks; `mi benchmark --list` prints the 45 task ids (or give a suite: bmi, extra, all)"))
    #expect(try message(["--estimators", "ksg,kgs"]).contains("unknown estimator 'kgs' in --estimators"))
    #expect(try message(["--estimators", "wdm"]).contains("'wdm' does not report mutual information in nats"))
    #expect(try message(["--samples", "1000,5"]).contains("--samples: '5' is not a sample size"))
    #expect(try message(["--seeds", "0"]).contains("--seeds must be at least 1"))
    let foreign = try CommandLine.file("other.jsonl", "{\"task\": \"1v1-normal-0.75\"}\n")
    let result = try CommandLine.run(["benchmark", "--tasks", "1v1-normal-0.75", "-o", foreign])
    #expect(result.status != 0 && result.stderr.contains("\(foreign), line 1: not a result of `mi benchmark`"), "\(result.stderr)")
  }
}
