/// Something about the data or the result that the user should know, without it being
/// an error.
public enum EstimationWarning: Sendable, Equatable, CustomStringConvertible {
  /// A column of a variable that k-NN estimators treat as continuous has few distinct
  /// values: ties dominate its neighbour distances.
  case discreteLookingColumn(VariableRole, column: Int, distinctValues: Int, samples: Int)
  /// A variable given to a discrete estimator has so many distinct values that it looks
  /// continuous: most cells hold one sample and plug-in MI approaches log N.
  case continuousLookingVariable(VariableRole, distinctValues: Int, samples: Int)
  /// Samples were left out (for example, classes with a single sample in Ross's estimator).
  case droppedSamples(count: Int, reason: String)
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
        + "ross if X is discrete and Y continuous, or mixed for mixtures of discrete and continuous values"
    case .continuousLookingVariable(let role, let distinct, let samples):
      return "\(role) has \(distinct) distinct values in \(samples) samples and looks continuous; "
        + "discrete estimators then see one sample per symbol and return about log N. "
        + "Use ksg1, ksg2 or copula for continuous data, ross or mixed when only one side is discrete"
    case .droppedSamples(let count, let reason):
      return "\(count) sample\(count == 1 ? " was" : "s were") left out: \(reason)"
    case .note(let text):
      return text
    }
  }
}
