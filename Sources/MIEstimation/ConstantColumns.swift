import MINumerics

/// Constant columns carry no information, so they are left out before estimation, and a
/// variable that is constant as a whole makes the information exactly 0.
///
/// For any Y, I(X;Y) = 0 when X is constant (H(X) = 0 and I ≤ H), and a constant column c
/// of X = (X′, c) changes nothing: I(X′, c; Y) = I(X′; Y). Estimators that standardize
/// cannot divide by a zero standard deviation and k-NN searches in a constant subspace are
/// all ties, so rather than fail (as they once did) or return noise, the estimators drop
/// such columns with a warning and return 0 exactly, with a warning, for a constant
/// variable, which is what scikit-learn's `mutual_info_regression` returns for a constant
/// feature.
package struct ConstantColumns {
  /// The variables without their constant columns (a constant variable keeps one).
  package let variables: [Matrix]
  /// One warning per variable with constant columns, naming them (indices of the input).
  package let warnings: [EstimationWarning]
  /// The roles of the variables whose every column is constant.
  package let constantRoles: [VariableRole]
  /// The roles of all variables, in order.
  package let roles: [VariableRole]

  /// Checks the input (finite values, equal lengths, some columns) and finds the constant columns.
  package init(_ variables: [(VariableRole, Matrix)]) throws(EstimationError) {
    try InputValidation.check(variables)
    var reduced: [Matrix] = []
    var warnings: [EstimationWarning] = []
    var constantRoles: [VariableRole] = []
    for (role, matrix) in variables {
      let constant = Self.constantColumns(of: matrix)
      if constant.count == matrix.columns && matrix.rows > 0 {
        constantRoles.append(role)
        warnings.append(.constantVariable(role, value: matrix.storage[0]))
        reduced.append(matrix.selecting(columns: [0]))
      } else if !constant.isEmpty {
        warnings.append(.constantColumnsDropped(role, columns: constant))
        let kept = (0..<matrix.columns).filter { !constant.contains($0) }
        reduced.append(matrix.selecting(columns: kept))
      } else {
        reduced.append(matrix)
      }
    }
    self.variables = reduced
    self.warnings = warnings
    self.constantRoles = constantRoles
    self.roles = variables.map(\.0)
  }

  /// The variables that are not constant as a whole, without their constant columns.
  package var nonConstant: [(VariableRole, Matrix)] {
    zip(roles, variables).filter { !constantRoles.contains($0.0) }.map { ($0.0, $0.1) }
  }

  /// Whether some variable is constant as a whole.
  package var hasConstantVariable: Bool { !constantRoles.isEmpty }

  /// The indices of the columns of `matrix` that hold a single value.
  package static func constantColumns(of matrix: Matrix) -> [Int] {
    let d = matrix.columns
    guard matrix.rows > 0 else { return [] }
    return (0..<d).filter { j in
      let first = matrix.storage[j]
      for i in 1..<matrix.rows where matrix.storage[i * d + j] != first { return false }
      return true
    }
  }

  /// The estimate 0 of a quantity that involves a constant variable, with the warnings.
  package func zero(_ quantity: InformationQuantity, estimator: String, sampleCount: Int, extraWarnings: [EstimationWarning] = [])
    -> Estimate
  {
    Estimate(
      value: 0, quantity: quantity, kind: .pointEstimate, estimator: estimator, sampleCount: sampleCount,
      parameters: [], preprocessing: [], warnings: warnings + extraWarnings)
  }
}
