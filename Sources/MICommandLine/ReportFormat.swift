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
      let draws: String
      switch b.method {
      case .resampling: draws = "\(b.resamples) resamples with replacement"
      case .retraining: draws = "\(b.resamples) trainings with other seeds on all rows"
      default: draws = "\(b.resamples) subsamples of \(b.subsampleSize) rows without replacement, rate-corrected"
      }
      lines.append(
        "  bootstrap \(Int((b.confidenceLevel * 100).rounded()))% interval: [\(number(value(b.lower))), \(number(value(b.upper)))] \(unit.rawValue) (\(draws), seed \(b.seed); standard error \(number(value(b.standardError))))")
    }
    lines.append("  time: \(number(seconds, digits: 3)) s")
    for warning in warnings { lines.append("warning: \(warning)") }
    return lines.joined(separator: "\n")
  }

  func json() -> String {
    var fields: [(String, JSONValue)] = []
    fields.append((valueKey, .number(value(estimate.value))))
    if valueKey != "mi" { fields.append(("value", .number(value(estimate.value)))) }
    fields.append(("unit", .string(unit.rawValue)))
    fields.append(("quantity", .string(estimate.quantity.rawValue)))
    fields.append(("estimator", .string(estimate.estimator)))
    fields.append(("kind", .string(estimate.kind.rawValue)))
    fields.append(("n", .integer(estimate.sampleCount)))
    fields.append(("parameters", .object(estimate.parameters.map { ($0.name, $0.value.json) })))
    fields.append(("preprocessing", .object(estimate.preprocessing.map { ($0.name, $0.value.json) })))
    fields.append(("columns", .object(roles.map { ($0.label.lowercased(), .array($0.columns.map(JSONValue.string))) })))
    fields.append(("source", .string(source)))
    if let p = permutation {
      fields.append((
        "permutation_test",
        .object([
          ("p_value", .number(p.pValue)), ("permutations", .integer(p.permutations)),
          ("exceedances", .integer(p.exceedances)), ("null_mean", .number(value(p.nullMean))),
          ("null_std", .number(value(p.nullStandardDeviation))), ("seed", .unsigned(p.seed)),
        ])
      ))
    }
    if let b = bootstrap {
      fields.append((
        "bootstrap",
        .object([
          ("lower", .number(value(b.lower))), ("upper", .number(value(b.upper))),
          ("confidence", .number(b.confidenceLevel)), ("standard_error", .number(value(b.standardError))),
          ("bias", .number(value(b.bias))), ("resamples", .integer(b.resamples)), ("seed", .unsigned(b.seed)),
          ("method", .string(b.method.name)), ("subsample_size", .integer(b.subsampleSize)),
        ])
      ))
    }
    fields.append(("warnings", .array(warnings.map(JSONValue.string))))
    fields.append(("seconds", .number(seconds)))
    return JSONValue.object(fields).rendered()
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

extension ParameterValue {
  /// The value as JSON: a number, a string or a boolean.
  var json: JSONValue {
    switch self {
    case .integer(let i): return .integer(i)
    case .real(let x): return .number(x)
    case .text(let s): return .string(s)
    case .flag(let b): return .bool(b)
    }
  }
}
