import MINumerics

/// Checks shared by every estimator.
package enum InputValidation {
  /// Every variable has columns, every value is finite and all have the same rows.
  package static func check(_ variables: [(VariableRole, Matrix)]) throws(EstimationError) {
    guard let first = variables.first else { return }
    for (role, matrix) in variables {
      guard matrix.columns > 0 else { throw .noColumns(role) }
      if matrix.rows != first.1.rows {
        throw .mismatchedLengths(first.0, first.1.rows, role, matrix.rows)
      }
      let d = matrix.columns
      for (offset, value) in matrix.storage.enumerated() where !value.isFinite {
        throw .nonFiniteValue(role, row: offset / d, column: offset % d, value: value)
      }
    }
  }

  /// No column is constant (needed where a constant column is an error: the differential
  /// entropy of a constant is −∞).
  package static func checkNotConstant(_ variables: [(VariableRole, Matrix)]) throws(EstimationError) {
    for (role, matrix) in variables {
      if let column = ConstantColumns.constantColumns(of: matrix).first {
        throw .constantColumn(role, column: column, value: matrix.storage[column])
      }
    }
  }

  /// k is at least 1 and there are at least k + 1 samples.
  package static func checkNeighbors(k: Int, samples: Int) throws(EstimationError) {
    guard k >= 1 else {
      throw .invalidParameter(name: "k", value: String(k), reason: "the number of neighbours must be at least 1")
    }
    guard samples >= k + 1 else {
      throw .tooFewSamples(needed: k + 1, got: samples, reason: "k + 1 = \(k + 1) for k = \(k) neighbours")
    }
  }
}
