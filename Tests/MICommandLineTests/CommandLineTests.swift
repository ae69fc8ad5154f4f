import Foundation
import Testing

/// End-to-end tests: run the built `mi` binary and check its exact output and exit status.
struct CommandLine {
  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static let binary: URL = {
    // The test bundle sits next to the package's executables in the build directory.
    let arguments = ProcessInfo.processInfo.arguments
    var directory = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("mi")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("mi")
  }()

  static func run(_ arguments: [String], stdin: String? = nil, directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = binary
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let directory { process.currentDirectoryURL = directory }
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    let stderrData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
      stderr: String(decoding: stderrData, as: UTF8.self))
  }

  /// Writes `text` to a fresh temporary file with the given name and returns its path.
  static func file(_ name: String, _ contents: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(contents.utf8).write(to: url)
    return url.path
  }

  /// A CSV of n rows: x, y = x + noise (strong dependence), z independent noise, a constant column, labels.
  static func sampleCSV(rows n: Int = 400) -> String {
    var lines = ["x,y,z,const,label"]
    var state: UInt64 = 12345
    func uniform() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) * 0x1.0p-53
    }
    for i in 0..<n {
      let x = uniform()
      let y = x + 0.3 * uniform()
      lines.append("\(x),\(y),\(uniform()),7,\(i % 3)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

@Suite("mi command line", .serialized)
struct CommandLineTests {
  @Test func estimateJSONHasTheDocumentedFields() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let result = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect((object["mi"] as! Double) > 0.5)
    #expect(object["unit"] as? String == "nats")
    #expect(object["estimator"] as? String == "ksg1")
    #expect(object["kind"] as? String == "point estimate")
    #expect(object["n"] as? Int == 400)
    let parameters = object["parameters"] as! [String: Any]
    #expect(parameters["k"] as? Int == 3)
    let preprocessing = object["preprocessing"] as! [String: Any]
    #expect(preprocessing["seed"] as? Int == 0)
    #expect((object["columns"] as! [String: [String]])["x"] == ["x"])
  }

  @Test func bitsAreNatsOverLogTwo() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let nats = try CommandLine.run(["estimate", path, "--x", "0", "--y", "1", "--format", "json", "--estimator", "gaussian"])
    let bits = try CommandLine.run(["estimate", path, "--x", "0", "--y", "1", "--format", "json", "--estimator", "gaussian", "--bits"])
    let a = try JSONSerialization.jsonObject(with: Data(nats.stdout.utf8)) as! [String: Any]
    let b = try JSONSerialization.jsonObject(with: Data(bits.stdout.utf8)) as! [String: Any]
    #expect(b["unit"] as? String == "bits")
    #expect(abs((a["mi"] as! Double) / log(2) - (b["mi"] as! Double)) < 1e-12)
  }

  @Test func textAndCSVFormatsWithSignificance() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let text = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--permutations", "20", "--bootstrap", "10"])
    #expect(text.status == 0)
    #expect(text.stdout.hasPrefix("I(X;Y) = "))
    #expect(text.stdout.contains("permutation test: p = 0.0476 (20 shuffles, seed 0"))
    #expect(text.stdout.contains("bootstrap 95% interval: ["))
    let csv = try CommandLine.run(["estimate", path, "--x", "x", "--y", "z", "--format", "csv", "--estimator", "copula"])
    let lines = csv.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[0] == "quantity,estimator,kind,value,unit,n,columns,parameters,preprocessing,p_value,ci_lower,ci_upper,seconds")
    #expect(lines[1].hasPrefix("mutual information,copula,lower bound,"))
  }

  /// A neural estimate's interval retrains with other seeds by default; the method can be
  /// asked for by name, and a classical estimator cannot be retrained.
  @Test func neuralIntervalsRetrain() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let neural = ["estimate", path, "--x", "x", "--y", "y", "--estimator", "infonce", "--steps", "40", "--bootstrap", "3"]
    let text = try CommandLine.run(neural)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("(3 trainings with other seeds on all rows, seed 0; standard error "), "\(text.stdout)")
    let json = try CommandLine.run(neural + ["--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let bootstrap = try #require(object["bootstrap"] as? [String: Any])
    #expect(bootstrap["method"] as? String == "retraining" && bootstrap["resamples"] as? Int == 3)
    let named = try CommandLine.run(neural + ["--interval-method", "retraining", "--format", "json"])
    let namedObject = try #require(try JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any])
    let namedBootstrap = try #require(namedObject["bootstrap"] as? [String: Any])
    #expect(namedBootstrap["lower"] as? Double == bootstrap["lower"] as? Double && namedBootstrap["upper"] as? Double == bootstrap["upper"] as? Double)
    let classical = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--bootstrap", "3", "--interval-method", "retraining"])
    #expect(classical.status == 1 && classical.stderr.contains("retraining re-estimates with other seeds, which only trained (neural) estimators have"), "\(classical.stderr)")
  }

  /// Neural critic bounds train on normal scores unless --no-normal-scores; the JSON says which.
  @Test func neuralNormalScores() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let base = ["estimate", path, "--x", "x", "--y", "y", "--estimator", "infonce", "--steps", "40", "--format", "json"]
    for (extra, expected) in [([String](), true), (["--no-normal-scores"], false)] {
      let result = try CommandLine.run(base + extra)
      #expect(result.status == 0, "\(result.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      let preprocessing = try #require(object["preprocessing"] as? [String: Any])
      #expect((preprocessing["marginals"] as? String == "normal scores of average ranks, of all rows before the split") == expected, "\(extra)")
    }
  }

  @Test func conditionalEntropyAndTotalCorrelation() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let conditional = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--z", "z", "--format", "json"])
    #expect(conditional.status == 0, "\(conditional.stderr)")
    #expect(conditional.stdout.contains("\"quantity\": \"conditional mutual information\""))
    let entropy = try CommandLine.run(["entropy", path, "--x", "x", "--estimator", "kl", "--format", "json"])
    #expect(entropy.stdout.contains("\"entropy\": "))
    let tc = try CommandLine.run(["total-correlation", path, "--group", "x", "--group", "y", "--group", "z", "--estimator", "gaussian"])
    #expect(tc.status == 0)
    #expect(tc.stdout.hasPrefix("TC(G0,G1,G2) = "))
    let ross = try CommandLine.run(["estimate", path, "--x", "label", "--y", "x", "--estimator", "ross"])
    #expect(ross.status == 0)
  }

  @Test func totalCorrelationColumnsKeepIndicesEvenWhenNamesLookLikeNumbers() throws {
    // Column 0 is named "1": `--columns 1:3` means columns a and b, never the column named "1".
    var lines = ["1,a,b"]
    for i in 0..<50 { lines.append("\(i % 7),\(Double(i) * 0.37),\(Double(i * i % 11) + 0.5)") }
    let path = try CommandLine.file("numbers.csv", lines.joined(separator: "\n") + "\n")
    let result = try CommandLine.run(["total-correlation", path, "--columns", "1:3", "--estimator", "gaussian", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect((object["columns"] as! [String: [String]]) == ["g0": ["a"], "g1": ["b"]])
  }

  @Test func readsStandardInputAndNPY() throws {
    let csv = CommandLine.sampleCSV(rows: 100)
    let result = try CommandLine.run(["estimate", "-", "--x", "x", "--y", "y", "--format", "json"], stdin: csv)
    #expect(result.status == 0)
    #expect(result.stdout.contains("\"source\": \"<stdin>\""))
    let npy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("MIDataTests/Fixtures/float64_c.npy").path
    let small = try CommandLine.run(["estimate", npy, "--x", "0", "--y", "1", "--estimator", "plugin"])
    #expect(small.status == 0, "\(small.stderr)")
  }

  @Test func listsEstimators() throws {
    let result = try CommandLine.run(["estimators"])
    #expect(result.status == 0)
    for name in ["ksg1", "ksg2", "kl", "mixed", "ross", "plugin", "miller-madow", "james-stein", "chao-shen", "gaussian", "copula"] {
      #expect(result.stdout.contains("\n\(name) "), "\(name)")
    }
  }

  /// Every bad input gives a non-zero exit, a message naming the problem and no output.
  @Test(arguments: [
    ("nan", "x,y\n1,2\n3,nan\n4,5\n5,6\n6,1\n", ["--x", "x", "--y", "y"], "row 1 (line 3 of in.csv), column 'y': value is nan"),
    ("missing", "x,y\n1,2\n3,\n", ["--x", "x", "--y", "y"], "line 3, column 'y': missing value"),
    ("ragged", "x,y\n1,2\n3\n", ["--x", "x", "--y", "y"], "in.csv, line 3: 1 field, but the header has 2"),
    ("few", "x,y\n1,2\n3,4\n", ["--x", "x", "--y", "y"], "needs at least 4 samples (k + 1 = 4 for k = 3 neighbours), got 2"),
    ("unknown", "x,y\n1,2\n", ["--x", "x", "--y", "w"], "unknown column 'w'; the columns are 'x', 'y'"),
    ("index", "x,y\n1,2\n", ["--x", "0", "--y", "5"], "column index 5 is out of range: the data has 2 columns"),
    ("same", "x,y\n1,2\n", ["--x", "x", "--y", "x"], "column 'x' is in both --x and --y"),
    ("empty", "", ["--x", "x", "--y", "y"], "no data rows"),
    ("header only", "x,y\n", ["--x", "x", "--y", "y"], "no data rows"),
    ("text", "x,y\n1,abc\n", ["--x", "x", "--y", "y"], "line 2, column 'y': 'abc' is not a number"),
  ])
  func badInputIsReportedPrecisely(name: String, contents: String, arguments: [String], message: String) throws {
    let path = try CommandLine.file("in.csv", contents)
    let result = try CommandLine.run(["estimate", path] + arguments)
    #expect(result.status != 0, "\(name)")
    #expect(result.stdout.isEmpty, "\(name)")
    #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
  }

  @Test func badFilesAndOptions() throws {
    let missing = try CommandLine.run(["estimate", "/no/such.csv", "--x", "a", "--y", "b"])
    #expect(missing.status != 0 && missing.stderr.contains("cannot read '/no/such.csv': no such file"))
    let npy = try CommandLine.file("bad.npy", "\u{93}NUMPY garbage")
    let badNPY = try CommandLine.run(["estimate", npy, "--x", "0", "--y", "1"])
    #expect(badNPY.status != 0 && badNPY.stderr.contains("not a valid .npy file"))
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV(rows: 50))
    let badK = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--k", "0"])
    #expect(badK.status != 0 && badK.stderr.contains("--k must be at least 1"))
    let noConditional = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--z", "z", "--estimator", "ksg2"])
    #expect(noConditional.status != 0 && noConditional.stderr.contains("does not estimate conditional MI"))
    let unknownEstimator = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--estimator", "magic"])
    #expect(unknownEstimator.status != 0)
  }

  @Test func warnsAboutDiscreteLookingColumns() throws {
    let path = try CommandLine.file("data.csv", CommandLine.sampleCSV())
    let result = try CommandLine.run(["estimate", path, "--x", "label", "--y", "x"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("warning: column 'label' (--x) has only 3 distinct values in 400 samples and looks discrete"))
  }

  @Test func demoRuns() throws {
    let result = try CommandLine.run(["demo", "--samples", "300"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("bivariate Gaussian, ρ = 0.8: true value 0.5108"))
  }
}
