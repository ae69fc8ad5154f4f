import Foundation
import MINumerics

/// The bound on mutual information that the data itself gives: I(X;Y) ≤ min(H(X), H(Y)),
/// and a side with few distinct values has a small, well-estimated entropy.
///
/// k-NN estimators that treat discrete values as continuous can exceed it (Gao et al.'s
/// mixed estimator on iris gives 1.21 nats against H(class) = log 3 = 1.10), so every
/// continuous MI estimator compares its value with the entropy of each side that has at
/// most ``maximumDistinct`` distinct rows, and warns when it is exceeded. The entropy used
/// for the comparison is the plug-in entropy with the Miller–Madow correction
/// (K − 1)/(2N), which is above the plug-in value by about its downward bias, so that
/// sampling error alone does not raise the warning; the message quotes the plug-in value.
package enum EntropyCeiling {
  /// Sides with more distinct rows than this are not checked (their entropy is neither
  /// small nor well estimated from the sample).
  package static let maximumDistinct = 64

  /// The distinct rows of `matrix` with their counts, or nil when there are more than `limit`.
  package static func counts(of matrix: Matrix, limit: Int) -> [Int]? {
    let d = matrix.columns
    if d == 1 {
      // One column: no row arrays to allocate.
      var counts: [Double: Int] = [:]
      for value in matrix.storage {
        counts[value + 0, default: 0] += 1
        if counts.count > limit { return nil }
      }
      return Array(counts.values)
    }
    var counts: [[Double]: Int] = [:]
    var row = [Double](repeating: 0, count: d)
    for i in 0..<matrix.rows {
      for j in 0..<d { row[j] = matrix.storage[i * d + j] + 0 }  // + 0 folds −0 into +0
      counts[row, default: 0] += 1
      if counts.count > limit { return nil }
    }
    return Array(counts.values)
  }

  /// The warning for `value` against the entropy of each side with few distinct rows, or nil.
  package static func warning(_ value: Double, _ variables: [(VariableRole, Matrix)]) -> EstimationWarning? {
    guard value > 0 else { return nil }
    for (role, matrix) in variables {
      guard let counts = counts(of: matrix, limit: maximumDistinct) else { continue }
      let n = Double(matrix.rows)
      let plugIn = -counts.reduce(0.0) { $0 + Double($1) / n * log(Double($1) / n) }
      let corrected = plugIn + Double(counts.count - 1) / (2 * n)
      if value > corrected + 1e-12 {
        return .exceedsEntropyBound(estimate: value, role: role, entropy: plugIn, distinctValues: counts.count)
      }
    }
    return nil
  }
}
