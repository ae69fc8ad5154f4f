/// Something about the data or the result that the user should know, without it being
/// an error.
public enum EstimationWarning: Sendable, Equatable, Codable, CustomStringConvertible {
  /// A column of a variable that k-NN estimators treat as continuous has few distinct
  /// values: ties dominate its neighbour distances.
  case discreteLookingColumn(VariableRole, column: Int, distinctValues: Int, samples: Int)
  /// A variable given to a discrete estimator has so many distinct values that it looks
  /// continuous: most cells hold one sample and plug-in MI approaches log N.
  case continuousLookingVariable(VariableRole, distinctValues: Int, samples: Int)
  /// Samples were left out (for example, classes with a single sample in Ross's estimator).
  case droppedSamples(count: Int, reason: String)
  /// Columns of a variable hold a single value each; they carry no information and were left out.
  case constantColumnsDropped(VariableRole, columns: [Int])
  /// Every column of a variable holds a single value: the information it shares with
  /// anything is exactly 0, which is the estimate.
  case constantVariable(VariableRole, value: Double)
  /// The estimate exceeds an upper bound on the information that the data itself gives:
  /// the entropy of a side with few distinct values.
  case exceedsEntropyBound(estimate: Double, role: VariableRole, entropy: Double, distinctValues: Int)
  /// Any other remark.
  case note(String)

  /// One sentence that says what is wrong or what this is, and where.
  public var description: String {
    describe { role, column in "\(role) column \(column)" }
  }

  /// The message, naming columns with `columnName(role, index)` (the command line passes
  /// the file's column names).
  public func describe(columnName: (VariableRole, Int) -> String) -> String {
    switch self {
    case .discreteLookingColumn(let role, let column, let distinct, let samples):
      return "\(columnName(role, column)) has only \(distinct) distinct values in \(samples) samples and looks discrete; "
        + "k-NN estimators assume continuous data (ties are broken by tiny noise, which biases the estimate). "
        + "Use a discrete estimator (plugin, miller-madow, james-stein, chao-shen) if all variables are discrete, "
        + "ross (--estimator ross, RossEstimator) when one side holds discrete labels and the other is continuous, "
        + "on either side (ross detects which one is discrete and says so), or mixed for mixtures of discrete and continuous values"
    case .continuousLookingVariable(let role, let distinct, let samples):
      return "\(role) has \(distinct) distinct values in \(samples) samples and looks continuous; "
        + "discrete estimators then see one sample per symbol and return about log N. "
        + "Use ksg1, ksg2 or copula for continuous data, ross or mixed when only one side is discrete"
    case .droppedSamples(let count, let reason):
      return "\(count) sample\(count == 1 ? " was" : "s were") left out: \(reason)"
    case .constantColumnsDropped(let role, let columns):
      let names = columns.map { columnName(role, $0) }.joined(separator: ", ")
      return "\(names) \(columns.count == 1 ? "is" : "are") constant: \(columns.count == 1 ? "it carries" : "they carry") no information and \(columns.count == 1 ? "was" : "were") left out"
    case .constantVariable(let role, let value):
      return "\(role) is constant (every value is \(value)): it shares no information with anything, so the estimate is 0 exactly"
    case .exceedsEntropyBound(let estimate, let role, let entropy, let distinct):
      return "the estimate \(formatNats(estimate)) exceeds H(\(role)) = \(formatNats(entropy)), the entropy of the \(distinct) distinct values of \(role), "
        + "which bounds the mutual information: the estimator is biased upward on this data (k-NN estimators on discrete values); "
        + "treat \(role) as discrete (ross for discrete labels against continuous features, a discrete estimator when all are discrete)"
    case .note(let text):
      return text
    }
  }
}

/// A value in nats with four decimals, for messages.
package func formatNats(_ value: Double) -> String {
  let scaled = (value * 10_000).rounded() / 10_000
  return "\(scaled) nats"
}
