import Foundation
import MIData

/// The file form of a `JointDistribution`: delimited text (CSV, or TSV by its extension or
/// content) with a header; one column per variable, whose cells may be any labels, and a
/// last column of probabilities named `p` or `probability` (any case).
///
/// ```text
/// X,Y,p
/// 0,0,0.5
/// 1,1,0.5
/// ```
///
/// Each variable's alphabet is its values in the order they first appear. Rows that are
/// not listed have probability 0; a row listed twice, a probability that is negative or
/// not a finite number, and a total off 1 by more than `tolerance` are errors that name
/// the line (`normalizing` accepts any positive total, reading the column as weights).
public struct ProbabilityTableFile: Sendable {
  /// How far from 1 the probabilities may sum: 10⁻⁵ by default, room for the rounding of
  /// tables written with six decimals (three thirds as 0.333333 sum to 0.999999).
  public var tolerance: Double
  /// Whether to divide by the total instead of requiring it to be 1.
  public var normalizing: Bool

  /// A reader with the given tolerance, normalizing or not.
  public init(tolerance: Double = 1e-5, normalizing: Bool = false) {
    self.tolerance = tolerance
    self.normalizing = normalizing
  }

  /// The names the probability column may have.
  public static let probabilityColumnNames: Set<String> = ["p", "probability"]

  /// Reads the file at `path`.
  public func read(contentsOf path: String) throws(DiscreteDistributionError) -> JointDistribution {
    guard let data = FileManager.default.contents(atPath: path) else {
      let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
      throw .malformedTable(source: path, line: nil, reason: reason)
    }
    let tab = path.lowercased().hasSuffix(".tsv") || path.lowercased().hasSuffix(".tab")
    return try read(Array(data), source: path, delimiter: tab ? .tsv : .csv)
  }

  /// Reads `bytes` (named `source` in messages).
  public func read(_ bytes: [UInt8], source: String, delimiter: DelimitedTextReader = .csv) throws(DiscreteDistributionError) -> JointDistribution {
    let table: TextTable
    do {
      table = try delimiter.readText(bytes, source: source)
    } catch {
      throw .malformedTable(source: source, line: nil, reason: error.description)
    }
    let names = table.columnNames
    guard let last = names.last, Self.probabilityColumnNames.contains(last.lowercased()) else {
      throw .malformedTable(
        source: source, line: table.lines.first.map { $0 - 1 },
        reason: "the last column must hold the probabilities and be named p or probability; the header is \(Self.shortList(names))")
    }
    guard names.count >= 2 else {
      throw .malformedTable(source: source, line: nil, reason: "there is no variable column before the probability column")
    }
    let variableCount = names.count - 1
    var alphabets = [[String]](repeating: [], count: variableCount)
    var known = [Set<String>](repeating: [], count: variableCount)
    var entries: [(outcomes: [String], probability: Double)] = []
    var firstLine: [[String]: Int] = [:]
    for (row, line) in zip(table.rows, table.lines) {
      let outcome = Array(row.prefix(variableCount))
      if let earlier = firstLine[outcome] {
        throw .malformedTable(source: source, line: line, reason: "the outcome (\(Self.describe(outcome, names))) was already given on line \(earlier)")
      }
      firstLine[outcome] = line
      guard let p = Double(row[variableCount]), p.isFinite, p >= 0 else {
        throw .malformedTable(
          source: source, line: line, reason: "the probability '\(row[variableCount])' of (\(Self.describe(outcome, names))) is not a finite number ≥ 0")
      }
      for (v, label) in outcome.enumerated() where known[v].insert(label).inserted { alphabets[v].append(label) }
      entries.append((outcome, p))
    }
    let total = entries.reduce(0.0) { $0 + $1.probability }
    guard total > 0 else { throw .malformedTable(source: source, line: nil, reason: "every probability is 0") }
    if !normalizing, abs(total - 1) > tolerance {
      throw .malformedTable(
        source: source, line: nil,
        reason: "the probabilities sum to \(total), not 1 (tolerance \(tolerance)); fix the table, or read the column as weights (--normalize)")
    }
    let variables = (0..<variableCount).map { DiscreteVariable(names[$0], outcomes: alphabets[$0]) }
    do {
      return try JointDistribution(variables: variables, entries: entries.map { ($0.outcomes, $0.probability / total) }, tolerance: 1e-9)
    } catch {
      throw .malformedTable(source: source, line: nil, reason: error.description)
    }
  }

  /// The names, or the first six, "…" and the last, with the count.
  private static func shortList(_ names: [String]) -> String {
    names.count <= 8 ? names.joined(separator: ", ") : (names.prefix(6) + ["…", names.last!]).joined(separator: ", ") + " (\(names.count) columns)"
  }

  private static func describe(_ outcome: [String], _ names: [String]) -> String {
    zip(names, outcome).map { "\($0)=\($1)" }.joined(separator: ", ")
  }
}
