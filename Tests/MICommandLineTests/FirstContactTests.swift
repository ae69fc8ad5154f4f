import Foundation
import Testing

/// What a new user meets first: every command's defaults work on a small valid file, and
/// each mistake seen on first contact gets its sentence (issue "First contact right").
@Suite("First contact", .serialized)
struct FirstContactTests {
  static func gaussianCSV(rows n: Int = 300, scale: Double = 1, header: Bool = true) -> String {
    var lines = header ? ["x,y,z,label"] : []
    var state: UInt64 = 99
    func normal() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      let u = (Double(state >> 11) + 0.5) * 0x1.0p-53
      state = state &* 6364136223846793005 &+ 1442695040888963407
      let v = Double(state >> 11) * 0x1.0p-53
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    for i in 0..<n {
      let x = normal()
      let label = i % 3
      let y = 0.8 * x + 0.6 * normal() + Double(label)
      lines.append("\(x * scale),\(y * scale),\(normal() * scale),\(label)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func noNonFiniteNumbers(_ text: String) -> Bool {
    let words = text.lowercased().split { !$0.isLetter }
    return !words.contains { ["nan", "inf", "infinity"].contains($0) } && !text.contains(": null")
  }

  @Test(arguments: [
    ["estimate", "FILE", "--x", "x", "--y", "y"],
    ["estimate", "FILE", "--x", "x", "--y", "y", "--z", "z"],
    ["estimate", "FILE", "--x", "x", "--y", "y", "--permutations", "20", "--bootstrap", "20"],
    ["entropy", "FILE", "--x", "x"],
    ["total-correlation", "FILE", "--columns", "x,y,z"],
    ["total-correlation", "FILE", "--group", "x", "--group", "y,z"],
    ["estimators"],
  ])
  func everyCommandWorksWithItsDefaults(arguments: [String]) throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    for format in ["text", "json", "csv"] where arguments[0] != "estimators" {
      let result = try CommandLine.run(arguments.map { $0 == "FILE" ? path : $0 } + ["--format", format])
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      #expect(Self.noNonFiniteNumbers(result.stdout), "\(arguments): \(result.stdout)")
    }
    if arguments[0] == "estimators" { #expect(try CommandLine.run(arguments).status == 0) }
  }

  /// Every estimator with its defaults on a small valid file, for each quantity it
  /// estimates (the neural ones with a 30-step budget so that the suite stays fast).
  @Test(arguments: [
    "ksg1", "ksg2", "kl", "mixed", "ross", "plugin", "miller-madow", "james-stein", "chao-shen", "gaussian", "copula",
    "infonce", "nwj", "dv", "mine", "js", "smile", "tuba", "alpha-infonce", "ba", "wdm", "club", "l1out",
  ])
  func everyEstimatorWorksWithItsDefaults(estimator: String) throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let neural = ["infonce", "nwj", "dv", "mine", "js", "smile", "tuba", "alpha-infonce", "ba", "wdm", "club", "l1out"]
    let budget = neural.contains(estimator) ? ["--steps", "30"] : []
    // ross needs discrete labels on one side (on two continuous columns it says so and fails).
    var commands = [["estimate", path, "--x", "x", "--y", estimator == "ross" ? "label" : "y", "--format", "json"]]
    if ["ksg1", "plugin", "miller-madow", "james-stein", "chao-shen", "gaussian", "copula"].contains(estimator) {
      commands.append(["estimate", path, "--x", "x", "--y", "y", "--z", "z", "--format", "json"])
      commands.append(["total-correlation", path, "--columns", "x,y,z", "--format", "json"])
    }
    if ["ksg2"].contains(estimator) { commands.append(["total-correlation", path, "--columns", "x,y,z", "--format", "json"]) }
    if ["kl", "gaussian", "plugin", "miller-madow", "james-stein", "chao-shen"].contains(estimator) {
      commands.append(["entropy", path, "--x", "x", "--format", "json"])
    }
    for command in commands {
      let result = try CommandLine.run(command + ["--estimator", estimator] + budget)
      #expect(result.status == 0, "\(estimator) \(command[0]): \(result.stderr)")
      #expect(Self.noNonFiniteNumbers(result.stdout), "\(estimator): \(result.stdout)")
      #expect(result.stdout.contains("\"estimator\": \"\(estimator)\""), "\(estimator): \(result.stdout)")
    }
  }

  @Test func entropyDefaultsToKozachenkoLeonenko() throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let result = try CommandLine.run(["entropy", path, "--x", "x"])
    #expect(result.status == 0 && result.stdout.contains("[kl, point estimate]"), "\(result.stderr)")
  }

  @Test func extremeScalesGiveTheUnscaledAnswer() throws {
    func value(_ arguments: [String]) throws -> Double {
      let result = try CommandLine.run(arguments + ["--format", "csv"])
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      return Double(result.stdout.split(separator: "\n")[1].split(separator: ",")[3]) ?? .nan
    }
    let base = try CommandLine.file("base.csv", Self.gaussianCSV())
    for scale in [1e307, 1e-300] {
      let scaled = try CommandLine.file("scaled.csv", Self.gaussianCSV(scale: scale))
      for estimator in ["ksg1", "ksg2", "gaussian", "copula", "kl", "mixed"] {
        let a = try value(["estimate", base, "--x", "x", "--y", "y", "--estimator", estimator])
        let b = try value(["estimate", scaled, "--x", "x", "--y", "y", "--estimator", estimator])
        #expect(abs(a - b) < 1e-6, "\(estimator) at scale \(scale): \(a) became \(b)")
      }
      for estimator in ["kl", "gaussian"] {
        let a = try value(["entropy", base, "--x", "x", "--estimator", estimator])
        let b = try value(["entropy", scaled, "--x", "x", "--estimator", estimator])
        #expect(abs(b - (a + log(scale))) < 1e-6, "\(estimator) entropy at scale \(scale): \(a) became \(b)")
      }
    }
  }

  @Test func rossTakesTheLabelsOnEitherSide() throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let labelsFirst = try CommandLine.run(["estimate", path, "--x", "label", "--y", "y", "--estimator", "ross", "--format", "json"])
    let labelsSecond = try CommandLine.run(["estimate", path, "--x", "y", "--y", "label", "--estimator", "ross", "--format", "json"])
    #expect(labelsFirst.status == 0 && labelsSecond.status == 0)
    #expect(labelsFirst.stdout.contains(#""discrete": "X""#))
    #expect(labelsSecond.stdout.contains(#""discrete": "Y""#))
    let first = labelsFirst.stdout.split(separator: ",")[0]
    let second = labelsSecond.stdout.split(separator: ",")[0]
    #expect(first == second, "\(first) vs \(second)")
  }

  @Test func estimatesAboveTheEntropyOfADiscreteSideAreFlagged() throws {
    // Two continuous features whose values are mostly shared by the classes: the mixed
    // estimator treats the 3 labels as continuous and overshoots log 3 = 1.0986.
    var lines = ["a,b,label"]
    for i in 0..<150 {
      let label = i / 50
      lines.append("\(Double(label) * 3 + Double(i % 7) * 0.01),\(Double(label) + Double(i % 5) * 0.001),\(label)")
    }
    let path = try CommandLine.file("iris-like.csv", lines.joined(separator: "\n") + "\n")
    let result = try CommandLine.run(["estimate", path, "--x", "a,b", "--y", "label", "--estimator", "mixed"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("exceeds H(Y) = 1.0986 nats, the entropy of the 3 distinct values of Y"), "\(result.stdout)")
  }

  @Test func constantColumnsGiveZeroWithAWarning() throws {
    let path = try CommandLine.file("in.csv", "x,y\n1,2\n2,2\n3,2\n4,2\n5,2\n")
    let result = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("I(X;Y) = 0.0000 nats"))
    #expect(result.stdout.contains("warning: Y is constant (every value is 2.0): it shares no information with anything, so the estimate is 0 exactly"))
  }

  @Test func intervalsForKNearestNeighbourEstimatorsSubsample() throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let result = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--bootstrap", "30", "--format", "json"])
    #expect(result.status == 0)
    #expect(result.stdout.contains(#""method": "subsampling", "subsample_size": 150"#), "\(result.stdout)")
    let resampled = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--bootstrap", "30", "--interval-method", "resampling"])
    #expect(resampled.stdout.contains("use --interval-method subsampling"))
  }

  @Test(arguments: [
    (["--k", "-1"], "--k must be at least 1, got -1"),
    (["--estimator", "infonce", "--critic", "joint", "--negatives", "0"], "--negatives must be at least 1"),
    (["--estimator", "infonce", "--hidden", "100000000,100000000", "--steps", "5"], "hidden width 100000000 (--hidden 100000000,100000000) is above the limit"),
    (["--estimator", "infonce", "--hidden", "3037000500", "--steps", "2"], "is above the limit of 1048576"),
    (["--estimator", "infonce", "--hidden", "64", "--lr", "1", "--steps", "3"], "training failed: the held-out infonce value is"),
  ])
  func mistakesGetTheirSentence(extra: [String], message: String) throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let result = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y"] + extra)
    #expect(result.status != 0, "\(extra)")
    #expect(result.stdout.isEmpty, "\(extra): \(result.stdout)")
    #expect(result.stderr.contains(message), "\(extra): \(result.stderr)")
  }

  @Test func logPathsAreCheckedBeforeTraining() throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let folder = (path as NSString).deletingLastPathComponent
    let directory = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--estimator", "infonce", "--log", folder])
    #expect(directory.status != 0 && directory.stderr.contains("is a directory; give a file path such as"), "\(directory.stderr)")
    let missing = try CommandLine.run(["estimate", path, "--x", "x", "--y", "y", "--estimator", "infonce", "--log", "/no/such/curve.csv"])
    #expect(missing.status != 0 && missing.stderr.contains("the folder '/no/such' does not exist"), "\(missing.stderr)")
  }

  @Test func totalCorrelationSaysWhichColumnsToGive() throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV())
    let result = try CommandLine.run(["total-correlation", path])
    #expect(result.status != 0 && result.stderr.contains("say which columns to use: --group COLUMNS two or more times"))
  }

  @Test func filesWithoutAHeader() throws {
    let path = try CommandLine.file("data.csv", Self.gaussianCSV(header: false))
    let warned = try CommandLine.run(["estimate", path, "--x", "0", "--y", "1"])
    #expect(warned.status == 0 && warned.stdout.contains("holds only numbers, so the file may have no header"), "\(warned.stdout)")
    let read = try CommandLine.run(["estimate", path, "--x", "0", "--y", "1", "--no-header", "--format", "json"])
    #expect(read.status == 0 && read.stdout.contains(#""n": 300"#) && !read.stdout.contains("no header"), "\(read.stdout)")
  }

  @Test func columnNamesWithCommas() throws {
    var csv = "\"a,b\",c\n"
    for i in 0..<40 { csv += "\(Double(i) * 0.37),\(sin(Double(i)))\n" }
    let path = try CommandLine.file("data.csv", csv)
    let whole = try CommandLine.run(["estimate", path, "--x", "a,b", "--y", "c"])
    #expect(whole.status == 0 && whole.stdout.contains("X: a,b   Y: c"), "\(whole.stderr)")
    let quoted = try CommandLine.run(["estimate", path, "--x", "\"a,b\"", "--y", "c"])
    #expect(quoted.status == 0, "\(quoted.stderr)")
  }

  @Test func binaryAndMalformedFiles() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi-binary-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let binary = directory.appendingPathComponent("blob.csv")
    try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0xFF, 0xFE, 0x0A, 0x31, 0x0A]).write(to: binary)
    let result = try CommandLine.run(["estimate", binary.path, "--x", "0", "--y", "1"])
    #expect(result.status != 0)
    #expect(result.stderr == "Error: blob.csv is not a text file (byte 0x00 at offset 6): expected CSV or TSV text, or a NumPy .npy file\n", "\(result.stderr)")
    let hex = try CommandLine.file("hex.csv", "a,b\n0x1p3,1\n2,3\n")
    let hexResult = try CommandLine.run(["estimate", hex, "--x", "a", "--y", "b"])
    #expect(hexResult.stderr.contains("line 2, column 'a': '0x1p3' is not a number"))
    let long = try CommandLine.file("long.csv", "a,b\n\(String(repeating: "z\u{7}", count: 100)),1\n")
    let longResult = try CommandLine.run(["estimate", long, "--x", "a", "--y", "b"])
    #expect(longResult.stderr.contains("'z\\u{7}z\\u{7}"), "\(longResult.stderr)")
    #expect(longResult.stderr.count < 200, "\(longResult.stderr)")
  }
}
