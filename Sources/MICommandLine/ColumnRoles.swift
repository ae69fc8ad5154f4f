import MutualInformation

/// Resolves column specifications and turns data and estimation errors into messages that
/// name the file's columns.
struct ColumnRoles {
  let table: DataTable
  let roles: [(label: String, option: String, indices: [Int])]

  /// Resolves each role's specification (names, indices, ranges) against the table.
  init(table: DataTable, specifications: [(label: String, option: String, spec: String)]) throws {
    let selection = ColumnSelection(columnNames: table.columnNames)
    var resolved: [(label: String, option: String, indices: [Int])] = []
    do {
      for item in specifications {
        resolved.append((item.label, item.option, try selection.indices(for: item.spec, role: item.option)))
      }
    } catch {
      throw CommandFailure(error.description)
    }
    try self.init(table: table, resolved: resolved)
  }

  /// Roles whose columns are already resolved to indices: checks that they are disjoint
  /// and that every value in them is finite.
  init(table: DataTable, resolved roles: [(label: String, option: String, indices: [Int])]) throws {
    self.table = table
    do {
      try ColumnSelection(columnNames: table.columnNames).checkDisjoint(roles.map { ($0.option, $0.indices) })
      try table.checkFinite(columns: roles.flatMap(\.indices))
    } catch {
      throw CommandFailure(error.description)
    }
    self.roles = roles
  }

  /// Runs an estimation, turning its errors into messages that name the file's columns.
  func estimating<T>(_ body: () throws(EstimationError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw failure(error)
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
