import ArgumentParser
import Foundation
import MutualInformation

/// `mi exact`: every exact Shannon measure of a probability table given as a file.
struct ExactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exact",
    abstract: "Exact entropies, mutual informations, total correlation, dual total correlation and co-information of a probability table.",
    discussion: """
      The file is CSV (or TSV) with a header: one column per variable, whose values may be any \
      labels, and a last column of probabilities named p or probability. Outcomes not listed \
      have probability 0.
        X,Y,Z,p
        0,0,0,0.25
        0,1,1,0.25
        1,0,1,0.25
        1,1,0,0.25
      prints H of each variable and of the whole, I(A;B) and I(A;B | the others) for every \
      pair, the total correlation, the dual total correlation and the co-information.
        mi exact pmf.csv --format json --bits
      """)

  @Argument(help: "The probability table: a CSV or TSV file, or - for standard input.")
  var file: String

  @Option(parsing: .unconditional, help: "How far from 1 the probabilities may sum (default 1e-5).")
  var tolerance: Double = 1e-5

  @Flag(help: "Read the last column as weights and divide by their total.")
  var normalize = false

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)") }
  }

  func run() throws {
    let reader = ProbabilityTableFile(tolerance: tolerance, normalizing: normalize)
    let distribution: JointDistribution
    do {
      if file == "-" {
        let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        distribution = try reader.read(bytes, source: "<stdin>", delimiter: .detecting(in: bytes))
      } else {
        distribution = try reader.read(contentsOf: file)
      }
    } catch {
      throw CommandFailure(error.description)
    }
    let report = ExactReport(
      profile: InformationProfile(distribution), distribution: distribution, unit: output.unit, source: file == "-" ? "<stdin>" : file)
    print(try report.rendered(output.format))
  }
}

/// What `mi exact` prints, in text, JSON (keys that name the variables) or CSV (one row
/// per measure).
struct ExactReport {
  let profile: InformationProfile
  let distribution: JointDistribution
  let unit: InformationUnit
  let source: String
  /// Every measure: a key that names its variables, the symbol shown, the value in nats.
  let measures: [(kind: String, key: String, symbol: String, value: Double)]

  init(profile: InformationProfile, distribution: JointDistribution, unit: InformationUnit, source: String) {
    self.profile = profile
    self.distribution = distribution
    self.unit = unit
    self.source = source
    measures = Self.measures(of: profile)
  }

  /// The rows of `measures`, in the order they are printed.
  static func measures(of profile: InformationProfile) -> [(kind: String, key: String, symbol: String, value: Double)] {
    var rows: [(String, String, String, Double)] = []
    for (name, h) in zip(profile.variables, profile.entropies) { rows.append(("entropy", name, "H(\(name))", h)) }
    let all = profile.variables.joined(separator: ",")
    rows.append(("joint_entropy", all, "H(\(all))", profile.jointEntropy))
    for pair in profile.pairs {
      rows.append(("mutual_information", "\(pair.first);\(pair.second)", "I(\(pair.first);\(pair.second))", pair.mutualInformation))
    }
    for pair in profile.pairs {
      let others = profile.variables.filter { $0 != pair.first && $0 != pair.second }
      let key = "\(pair.first);\(pair.second)" + (others.isEmpty ? "" : "|" + others.joined(separator: ","))
      rows.append(("conditional_mutual_information", key, "I(\(key.replacingOccurrences(of: "|", with: " | ")))", pair.conditionalMutualInformation))
    }
    rows.append(("total_correlation", all, "total correlation", profile.totalCorrelation))
    rows.append(("dual_total_correlation", all, "dual total correlation", profile.dualTotalCorrelation))
    if let co = profile.coInformation {
      rows.append(("co_information", profile.variables.joined(separator: ";"), "co-information I(\(profile.variables.joined(separator: ";")))", co))
    }
    return rows
  }

  func value(_ nats: Double) -> Double { unit.convert(fromNats: nats) }

  /// The report in `format`, after checking that every number is finite.
  func rendered(_ format: ReportFormat) throws -> String {
    if let bad = measures.first(where: { !$0.value.isFinite }) {
      throw CommandFailure("internal error: \(bad.symbol) is \(bad.value); please report this with the input file")
    }
    switch format {
    case .text: return text()
    case .json: return json()
    case .csv: return csv()
    }
  }

  private func number(_ x: Double) -> String { String(format: "%.6f", value(x)) }

  func text() -> String {
    let n = distribution.variables.count
    var lines = [
      "Exact measures of \(source): \(n) variable\(n == 1 ? "" : "s"), \(distribution.support.count) outcome\(distribution.support.count == 1 ? "" : "s") of positive probability, in \(unit.rawValue)"
    ]
    let rows = measures
    let width = rows.map(\.symbol.count).max() ?? 0
    // Sections: entropies, pairwise MI, conditional MI, the multivariate measures.
    let section = ["entropy": 0, "joint_entropy": 0, "mutual_information": 1, "conditional_mutual_information": 2]
    var previous = 0
    for row in rows {
      let current = section[row.kind] ?? 3
      if current != previous { lines.append("") }
      previous = current
      lines.append("  " + row.symbol.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + number(row.value))
    }
    for note in profile.notes { lines.append("note: \(note)") }
    return lines.joined(separator: "\n")
  }

  func json() -> String {
    func group(_ kind: String) -> JSONValue {
      .object(measures.filter { $0.kind == kind }.map { ($0.key, .number(value($0.value))) })
    }
    let single = { (kind: String) -> JSONValue in measures.first { $0.kind == kind }.map { .number(value($0.value)) } ?? .null }
    let fields: [(String, JSONValue)] = [
      ("source", .string(source)),
      ("unit", .string(unit.rawValue)),
      ("variables", .array(profile.variables.map(JSONValue.string))),
      ("outcomes", .object(distribution.variables.map { ($0.name, .array($0.outcomes.map(JSONValue.string))) })),
      ("support", .integer(distribution.support.count)),
      ("entropy", group("entropy")),
      ("joint_entropy", single("joint_entropy")),
      ("mutual_information", group("mutual_information")),
      ("conditional_mutual_information", group("conditional_mutual_information")),
      ("total_correlation", single("total_correlation")),
      ("dual_total_correlation", single("dual_total_correlation")),
      ("co_information", single("co_information")),
      ("notes", .array(profile.notes.map(JSONValue.string))),
    ]
    return JSONValue.object(fields).rendered()
  }

  func csv() -> String {
    var lines = ["measure,variables,value,unit"]
    for row in measures {
      lines.append("\(row.kind),\(Self.quoted(row.key)),\(String(value(row.value))),\(unit.rawValue)")
    }
    return lines.joined(separator: "\n")
  }

  /// A CSV field, quoted when it holds a comma, a quote or a newline.
  static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
