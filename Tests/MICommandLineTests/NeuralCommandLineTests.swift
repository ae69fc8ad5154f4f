import Foundation
import Testing

/// `mi estimate --estimator infonce|…`: the neural estimators through the built binary.
@Suite("mi neural estimators", .serialized)
struct NeuralCommandLineTests {
  @Test func infoNCEReportsALowerBoundAndWritesTheCurve() throws {
    let data = try CommandLine.file("data.csv", CommandLine.sampleCSV(rows: 600))
    let curve = URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("curve.csv").path
    let result = try CommandLine.run([
      "estimate", data, "--x", "x", "--y", "y", "--estimator", "infonce", "--steps", "60", "--batch-size", "32",
      "--hidden", "16", "--lr", "0.003", "--seed", "5", "--log", curve, "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"estimator\": \"infonce\"") || result.stdout.contains("\"estimator\":\"infonce\""), "\(result.stdout)")
    #expect(result.stdout.contains("lower bound"))
    let lines = try String(contentsOfFile: curve, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "step,training,validation")
    #expect(lines.count >= 2)
    #expect(lines.last?.hasPrefix("60,") == true, "\(lines)")
    // The same seed reproduces the same number.
    let again = try CommandLine.run([
      "estimate", data, "--x", "x", "--y", "y", "--estimator", "infonce", "--steps", "60", "--batch-size", "32",
      "--hidden", "16", "--lr", "0.003", "--seed", "5", "--format", "json",
    ])
    func value(_ json: String) throws -> Double? {
      let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
      return object?["mi"] as? Double
    }
    #expect(try value(again.stdout) == value(result.stdout))
    #expect(try value(result.stdout) != nil)
  }

  @Test func clubReportsAnUpperBound() throws {
    let data = try CommandLine.file("data.csv", CommandLine.sampleCSV(rows: 400))
    let result = try CommandLine.run([
      "estimate", data, "--x", "x", "--y", "y", "--estimator", "club", "--steps", "40", "--batch-size", "32", "--hidden", "16",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("[club, upper bound]"), "\(result.stdout)")
  }

  /// Without `--hidden` the density bounds fit q with 32 and 4 units and say which they
  /// kept and both likelihoods; with it, the widths given are fitted alone, and a curve
  /// written with `--log` is the kept fit's (its steps rise from the first interval).
  @Test func densityBoundsSayWhichWidthOfQTheyKept() throws {
    let data = try CommandLine.file("data.csv", CommandLine.sampleCSV(rows: 400))
    let curve = URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("q-curve.csv").path
    func parameters(_ arguments: [String]) throws -> [String: Any] {
      let result = try CommandLine.run(
        ["estimate", data, "--x", "x", "--y", "y", "--estimator", "l1out", "--steps", "200", "--format", "json"] + arguments)
      #expect(result.status == 0, "\(result.stderr)")
      let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      return try #require(object?["parameters"] as? [String: Any], "\(result.stdout)")
    }
    let chosen = try parameters(["--log", curve])
    let tried = try #require(chosen["q widths tried (validation negative log-likelihood)"] as? String, "\(chosen)")
    #expect(tried.hasPrefix("32: ") && tried.contains("; 4: "), "\(tried)")
    #expect(["32", "4"].contains(chosen["hidden"] as? String), "\(chosen)")
    let steps = try String(contentsOfFile: curve, encoding: .utf8).split(separator: "\n").dropFirst()
      .compactMap { Int($0.split(separator: ",")[0]) }
    #expect(!steps.isEmpty && steps == steps.sorted() && Set(steps).count == steps.count, "\(steps)")
    let given = try parameters(["--hidden", "8"])
    #expect(given["hidden"] as? String == "8", "\(given)")
    #expect(given["q widths tried (validation negative log-likelihood)"] == nil, "\(given)")
  }

  @Test func badNeuralSettingsAreRejectedWithReasons() throws {
    let data = try CommandLine.file("data.csv", CommandLine.sampleCSV(rows: 100))
    let one = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--estimator", "nwj", "--batch-size", "1"])
    #expect(one.status != 0)
    #expect(one.stderr.contains("--batch-size must be at least 2"), "\(one.stderr)")
    let big = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--estimator", "nwj", "--batch-size", "90"])
    #expect(big.status != 0)
    #expect(big.stderr.contains("at least the batch size 90"), "\(big.stderr)")
    let hidden = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--estimator", "js", "--hidden", "64,abc"])
    #expect(hidden.stderr.contains("--hidden must be positive whole numbers"), "\(hidden.stderr)")
    let log = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--log", "/tmp/x.csv"])
    #expect(log.stderr.contains("--estimator ksg1 is not one"), "\(log.stderr)")
    let conditional = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--z", "z", "--estimator", "infonce"])
    #expect(conditional.stderr.contains("does not estimate conditional MI"), "\(conditional.stderr)")
    let evaluation = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--estimator", "infonce", "--evaluation-size", "1"])
    #expect(evaluation.stderr.contains("--evaluation-size must be at least 2"), "\(evaluation.stderr)")
    let entropy = try CommandLine.run(["estimate", data, "--x", "x", "--y", "y", "--estimator", "smile", "--entropy-x", "2"])
    #expect(entropy.stderr.contains("--entropy-x is H(X) for --estimator ba; smile does not use it"), "\(entropy.stderr)")
  }

  /// `--entropy-x` gives Barber–Agakov a known H(X); `--evaluation-size` sets the held-out
  /// chunk size, reported as the candidates per row.
  @Test func barberAgakovWithAGivenEntropyAndTheEvaluationSize() throws {
    let data = try CommandLine.file("data.csv", CommandLine.sampleCSV(rows: 400))
    let ba = try CommandLine.run([
      "estimate", data, "--x", "x", "--y", "y", "--estimator", "ba", "--entropy-x", "0", "--steps", "40",
      "--batch-size", "32", "--hidden", "16",
    ])
    #expect(ba.status == 0, "\(ba.stderr)")
    #expect(ba.stdout.contains("entropy of X (standardized, given)"), "\(ba.stdout)")
    let infonce = try CommandLine.run([
      "estimate", data, "--x", "x", "--y", "y", "--estimator", "infonce", "--evaluation-size", "20", "--steps", "40",
      "--batch-size", "32", "--hidden", "16",
    ])
    #expect(infonce.status == 0, "\(infonce.stderr)")
    #expect(infonce.stdout.contains("candidates per row = 20"), "\(infonce.stdout)")
  }
}
