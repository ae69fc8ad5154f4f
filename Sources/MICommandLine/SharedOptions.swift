import ArgumentParser
import Foundation
import MutualInformation

extension DataFormat: ExpressibleByArgument {}

/// Options shared by the commands that read a data file.
struct InputOptions: ParsableArguments {
  @Argument(help: "A CSV or TSV file with a header row, a NumPy .npy file, or - for standard input.")
  var file: String

  @Option(name: .customLong("input-format"), help: "Read the file as csv, tsv or npy (default: from the extension or the content).")
  var inputFormat: DataFormat?

  /// Reads the table.
  func load() throws -> DataTable {
    do {
      return try DataLoader.load(path: file, format: inputFormat)
    } catch {
      throw CommandFailure(error.description)
    }
  }
}

/// Options that choose and tune the estimator.
struct EstimatorOptions: ParsableArguments {
  @Option(help: "The estimator (see `mi estimators`).")
  var estimator: EstimatorName = .ksg1

  @Option(help: "The number of nearest neighbours of k-NN estimators.")
  var k: Int = 3

  @Option(help: "The seed of every random step: tie-breaking noise, permutations, bootstrap resamples.")
  var seed: UInt64 = 0

  @Option(help: "Tie-breaking noise of k-NN estimators, relative to each column's standard deviation (default 1e-10; 0 for mixed).")
  var noise: Double?

  @Flag(name: .customLong("no-standardize"), help: "Do not standardize columns before k-NN estimation.")
  var noStandardize = false

  @Flag(name: .customLong("no-bias-correction"), help: "Turn off the analytic bias correction of gaussian and copula.")
  var noBiasCorrection = false

  func validate() throws {
    guard k >= 1 else { throw ValidationError("--k must be at least 1, got \(k)") }
    if let noise, !(noise >= 0 && noise.isFinite) {
      throw ValidationError("--noise must be a finite number ≥ 0, got \(noise)")
    }
  }

  var settings: EstimatorName.Settings {
    EstimatorName.Settings(k: k, standardize: !noStandardize, noise: noise, seed: seed, biasCorrected: !noBiasCorrection)
  }
}

/// Options that choose how results are printed.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Report in bits instead of nats.")
  var bits = false

  @Option(help: "Output format: text, json or csv.")
  var format: ReportFormat = .text

  var unit: InformationUnit { bits ? .bits : .nats }
}

/// Resolves column specifications and turns data and estimation errors into messages that
/// name the file's columns.
struct ColumnRoles {
  let table: DataTable
  let roles: [(label: String, option: String, indices: [Int])]

  init(table: DataTable, specifications: [(label: String, option: String, spec: String)]) throws {
    self.table = table
    let selection = ColumnSelection(columnNames: table.columnNames)
    do {
      var roles: [(label: String, option: String, indices: [Int])] = []
      for item in specifications {
        roles.append((item.label, item.option, try selection.indices(for: item.spec, role: item.option)))
      }
      try selection.checkDisjoint(roles.map { ($0.option, $0.indices) })
      try table.checkFinite(columns: roles.flatMap(\.indices))
      self.roles = roles
    } catch {
      throw CommandFailure(error.description)
    }
  }

  func matrix(_ index: Int) -> Matrix { table.matrix(columns: roles[index].indices) }

  func names(_ index: Int) -> [String] { roles[index].indices.map { table.columnNames[$0] } }

  func roleIndex(_ role: VariableRole) -> Int {
    switch role {
    case .x: return 0
    case .y: return 1
    case .z: return 2
    case .group(let g): return g
    }
  }

  /// The file's name of column `column` of the variable in `role`.
  func columnName(_ role: VariableRole, _ column: Int) -> String {
    let index = roleIndex(role)
    guard index < roles.count, column < roles[index].indices.count else { return "\(role) column \(column)" }
    return "column '\(table.columnNames[roles[index].indices[column]])' (\(roles[index].option))"
  }

  /// A message for an estimation error, with column names instead of positions.
  func failure(_ error: EstimationError) -> CommandFailure {
    switch error {
    case .constantColumn(let role, let column, let value):
      return CommandFailure(
        "\(columnName(role, column)) is constant (every value is \(value)): it carries no information and cannot be standardized; drop it")
    case .nonFiniteValue(let role, let row, let column, let value):
      return CommandFailure("\(table.describeRow(row)), \(columnName(role, column)): value is \(value); estimators need finite numbers")
    case .singularCovariance(let role):
      let index = roleIndex(role)
      let option = index < roles.count ? roles[index].option : "\(role)"
      return CommandFailure(
        "the covariance of the columns of \(option) is singular: some are constant or linear combinations of others; drop the redundant columns")
    default:
      return CommandFailure(error.description)
    }
  }
}

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
