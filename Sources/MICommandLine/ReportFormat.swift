import ArgumentParser
import Foundation
import MutualInformation

/// How results are printed on standard output.
public enum ReportFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
  /// A readable summary.
  case text
  /// One JSON object.
  case json
  /// A header line and one row.
  case csv
}

/// Everything that is printed about one estimate.
struct Report {
  var estimate: Estimate
  var unit: InformationUnit
  /// The names of the columns in each role, in order (X, Y, Z or the groups).
  var roles: [(label: String, columns: [String])]
  var source: String
  var permutation: PermutationTest.Result?
  var bootstrap: Bootstrap.Interval?
  var seconds: Double
  /// Maps a role and a column index within it to the column's name in the file.
  var columnName: (VariableRole, Int) -> String
  /// What the file reader noticed (a header row of numbers, …), printed with the warnings.
  var inputWarnings: [String] = []

  var symbol: String {
    switch estimate.quantity {
    case .mutualInformation: return "I(X;Y)"
    case .conditionalMutualInformation: return "I(X;Y|Z)"
    case .entropy: return "H(X)"
    case .totalCorrelation: return "TC(" + roles.indices.map { "G\($0)" }.joined(separator: ",") + ")"
    }
  }

  /// The key under which the value appears in JSON.
  var valueKey: String {
    switch estimate.quantity {
    case .mutualInformation, .conditionalMutualInformation: return "mi"
    case .entropy: return "entropy"
    case .totalCorrelation: return "total_correlation"
    }
  }

  func value(_ nats: Double) -> Double { unit.convert(fromNats: nats) }

  var warnings: [String] { inputWarnings + estimate.warnings.map { $0.describe(columnName: columnName) } }

  /// The report in `format`, after checking that every number in it is finite: no command
  /// prints a NaN or an infinity as a result with exit status 0.
  func rendered(_ format: ReportFormat) throws -> String {
    var numbers = [("the estimate", estimate.value)]
    if let p = permutation { numbers += [("the permutation null mean", p.nullMean), ("the permutation null spread", p.nullStandardDeviation)] }
    if let b = bootstrap { numbers += [("the interval's lower end", b.lower), ("the interval's upper end", b.upper)] }
    for (what, value) in numbers where !value.isFinite {
      throw CommandFailure(
        "\(estimate.estimator) produced \(value) as \(what), which is not a number of nats: the data defeats this estimator "
          + "(extreme values or ties); try another estimator (see `mi estimators`) and report this case")
    }
    return render(format)
  }

  func render(_ format: ReportFormat) -> String {
    switch format {
    case .text: return text()
    case .json: return json()
    case .csv: return csv()
    }
  }

  private func number(_ x: Double, digits: Int = 4) -> String {
    String(format: "%.\(digits)f", x)
  }

  func text() -> String {
    var lines: [String] = []
    lines.append("\(symbol) = \(number(value(estimate.value))) \(unit.rawValue)   [\(estimate.estimator), \(estimate.kind.rawValue)]")
    let roleText = roles.map { "\($0.label): \($0.columns.joined(separator: ", "))" }.joined(separator: "   ")
    lines.append("  \(roleText)   n = \(estimate.sampleCount)   source: \(source)")
    if !estimate.parameters.isEmpty {
      lines.append("  parameters: " + estimate.parameters.map { "\($0.name) = \($0.value)" }.joined(separator: ", "))
    }
    if !estimate.preprocessing.isEmpty {
      lines.append("  preprocessing: " + estimate.preprocessing.map { "\($0.name) = \($0.value)" }.joined(separator: ", "))
    }
    if let p = permutation {
      lines.append(
        "  permutation test: p = \(number(p.pValue)) (\(p.permutations) shuffles, seed \(p.seed); null mean \(number(value(p.nullMean))) ± \(number(value(p.nullStandardDeviation))) \(unit.rawValue))")
    }
    if let b = bootstrap {
      let draws = b.method == .resampling
        ? "\(b.resamples) resamples with replacement"
        : "\(b.resamples) subsamples of \(b.subsampleSize) rows without replacement, rate-corrected"
      lines.append(
        "  bootstrap \(Int((b.confidenceLevel * 100).rounded()))% interval: [\(number(value(b.lower))), \(number(value(b.upper)))] \(unit.rawValue) (\(draws), seed \(b.seed); standard error \(number(value(b.standardError))))")
    }
    lines.append("  time: \(number(seconds, digits: 3)) s")
    for warning in warnings { lines.append("warning: \(warning)") }
    return lines.joined(separator: "\n")
  }

  func json() -> String {
    var fields: [(String, String)] = []
    fields.append((valueKey, JSON.number(value(estimate.value))))
    if valueKey != "mi" { fields.append(("value", JSON.number(value(estimate.value)))) }
    fields.append(("unit", JSON.string(unit.rawValue)))
    fields.append(("quantity", JSON.string(estimate.quantity.rawValue)))
    fields.append(("estimator", JSON.string(estimate.estimator)))
    fields.append(("kind", JSON.string(estimate.kind.rawValue)))
    fields.append(("n", String(estimate.sampleCount)))
    fields.append(("parameters", JSON.object(estimate.parameters.map { ($0.name, JSON.value($0.value)) })))
    fields.append(("preprocessing", JSON.object(estimate.preprocessing.map { ($0.name, JSON.value($0.value)) })))
    fields.append(("columns", JSON.object(roles.map { ($0.label.lowercased(), JSON.array($0.columns.map(JSON.string))) })))
    fields.append(("source", JSON.string(source)))
    if let p = permutation {
      fields.append((
        "permutation_test",
        JSON.object([
          ("p_value", JSON.number(p.pValue)), ("permutations", String(p.permutations)),
          ("exceedances", String(p.exceedances)), ("null_mean", JSON.number(value(p.nullMean))),
          ("null_std", JSON.number(value(p.nullStandardDeviation))), ("seed", String(p.seed)),
        ])
      ))
    }
    if let b = bootstrap {
      fields.append((
        "bootstrap",
        JSON.object([
          ("lower", JSON.number(value(b.lower))), ("upper", JSON.number(value(b.upper))),
          ("confidence", JSON.number(b.confidenceLevel)), ("standard_error", JSON.number(value(b.standardError))),
          ("bias", JSON.number(value(b.bias))), ("resamples", String(b.resamples)), ("seed", String(b.seed)),
          ("method", JSON.string(b.method.name)), ("subsample_size", String(b.subsampleSize)),
        ])
      ))
    }
    fields.append(("warnings", JSON.array(warnings.map(JSON.string))))
    fields.append(("seconds", JSON.number(seconds)))
    return JSON.object(fields)
  }

  static let csvHeader =
    "quantity,estimator,kind,value,unit,n,columns,parameters,preprocessing,p_value,ci_lower,ci_upper,seconds"

  func csv() -> String {
    func quote(_ s: String) -> String {
      s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    let parameters = estimate.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
    let preprocessing = estimate.preprocessing.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
    let columns = roles.map { "\($0.label)=\($0.columns.joined(separator: " "))" }.joined(separator: ";")
    let row = [
      estimate.quantity.rawValue, estimate.estimator, estimate.kind.rawValue, "\(value(estimate.value))",
      unit.rawValue, String(estimate.sampleCount), columns, parameters, preprocessing,
      permutation.map { "\($0.pValue)" } ?? "", bootstrap.map { "\(value($0.lower))" } ?? "",
      bootstrap.map { "\(value($0.upper))" } ?? "", "\(seconds)",
    ].map(quote)
    return Self.csvHeader + "\n" + row.joined(separator: ",")
  }
}

/// Minimal JSON writing with keys in a fixed order.
enum JSON {
  static func string(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

  static func value(_ v: ParameterValue) -> String {
    switch v {
    case .integer(let i): return String(i)
    case .real(let x): return number(x)
    case .text(let s): return string(s)
    case .flag(let b): return b ? "true" : "false"
    }
  }

  static func object(_ fields: [(String, String)]) -> String {
    "{" + fields.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
  }

  static func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}
