import Foundation
import Testing

/// `mi exact`: the exact measures of a probability table, in text, JSON and CSV, and its
/// errors.
@Suite("mi exact")
struct ExactCommandTests {
  static let xor = "X,Y,Z,p\n0,0,0,0.25\n0,1,1,0.25\n1,0,1,0.25\n1,1,0,0.25\n"

  @Test func textNamesEveryMeasure() throws {
    let path = try CommandLine.file("xor.csv", Self.xor)
    let result = try CommandLine.run(["exact", path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    for expected in [
      "H(X)                    = 0.693147", "H(X,Y,Z)                = 1.386294", "I(X;Y)                  = 0.000000",
      "I(X;Y | Z)              = 0.693147", "total correlation       = 0.693147", "dual total correlation  = 1.386294",
      "co-information I(X;Y;Z) = -0.693147",
    ] {
      #expect(lines.contains(expected), "\(expected) in \(result.stdout)")
    }
    #expect(result.stdout.hasPrefix("Exact measures of \(path): 3 variables, 4 outcomes of positive probability, in nats"))
  }

  /// docs/Discrete.md shows `mi exact Examples/data/xor.csv` and its output, run from the
  /// repository's root: the output is that block, character for character.
  @Test func theDocumentedRunPrintsWhatTheDocsShow() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let result = try CommandLine.run(["exact", "Examples/data/xor.csv"], directory: root)
    #expect(result.status == 0, "\(result.stderr)")
    let docs = try String(contentsOf: root.appendingPathComponent("docs/Discrete.md"), encoding: .utf8)
    #expect(docs.contains("```text\n" + result.stdout + "```"), "\(result.stdout)")
  }

  @Test func jsonKeysNameTheVariablesAndBitsConvert() throws {
    let path = try CommandLine.file("and.csv", "a,b,out,probability\n0,0,0,0.25\n0,1,0,0.25\n1,0,0,0.25\n1,1,1,0.25\n")
    let result = try CommandLine.run(["exact", path, "--format", "json", "--bits"])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["unit"] as? String == "bits")
    let entropy = try #require(object["entropy"] as? [String: Double])
    #expect(entropy["a"] == 1 && entropy["b"] == 1)
    // H(out) = H(1/4) bits; I(a; out) = H(out) − H(out | a) = H(1/4) − ½.
    let h = -(0.25 * log2(0.25) + 0.75 * log2(0.75))
    #expect(abs(entropy["out"]! - h) < 1e-12)
    let mi = try #require(object["mutual_information"] as? [String: Double])
    #expect(abs(mi["a;out"]! - (h - 0.5)) < 1e-12)
    #expect(mi["a;b"] == 0)
    let conditional = try #require(object["conditional_mutual_information"] as? [String: Double])
    #expect(Set(conditional.keys) == ["a;b|out", "a;out|b", "b;out|a"])
    #expect(object["co_information"] is Double && object["total_correlation"] is Double && object["dual_total_correlation"] is Double)
  }

  @Test func csvHasOneRowPerMeasureAndStdinWorks() throws {
    let result = try CommandLine.run(["exact", "-", "--format", "csv"], stdin: "color,size,p\nred,S,0.4\nblue,L,0.6\n")
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first == "measure,variables,value,unit")
    #expect(lines.contains("mutual_information,color;size,0.6730116670092565,nats"), "\(result.stdout)")
    #expect(lines.contains { $0.hasPrefix("joint_entropy,\"color,size\",") }, "\(result.stdout)")
  }

  @Test func badTablesSayWhatAndWhere() throws {
    let cases: [(String, [String], String)] = [
      ("X,p\n0,0.5\n1,0.6\n", [], "the probabilities sum to 1.1, not 1 (tolerance 1e-05)"),
      ("X,p\n0,0.5\n1,-0.5\n", [], "line 3: the probability '-0.5' of (X=1) is not a finite number ≥ 0"),
      ("X,p\n0,nan\n1,1\n", [], "line 2: the probability 'nan' of (X=0)"),
      ("X,Y,p\n0,1,0.5\n0,1,0.5\n", [], "line 3: the outcome (X=0, Y=1) was already given on line 2"),
      ("X,Y,count\n0,1,3\n", [], "the last column must hold the probabilities and be named p or probability; the header is X, Y, count"),
      ("X,p\n0,0.5\n1,0.6\n", ["--tolerance", "-1"], "--tolerance must be a finite number ≥ 0"),
    ]
    for (table, options, expected) in cases {
      let path = try CommandLine.file("pmf.csv", table)
      let result = try CommandLine.run(["exact", path] + options)
      #expect(result.status != 0)
      #expect(result.stderr.contains(expected), "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
    // Weights are accepted with --normalize.
    let weights = try CommandLine.file("weights.csv", "X,p\n0,1\n1,3\n")
    let normalized = try CommandLine.run(["exact", weights, "--normalize", "--format", "csv"])
    #expect(normalized.status == 0, "\(normalized.stderr)")
    #expect(normalized.stdout.contains("entropy,X,0.5623351446188083,nats"), "\(normalized.stdout)")
  }
}
