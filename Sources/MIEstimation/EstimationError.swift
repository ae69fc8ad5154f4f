/// Why an estimator cannot produce a value for the given input or settings.
///
/// Every case carries the numbers involved, so that its ``description`` says what was
/// expected and what was found (for example "needs at least k + 1 = 4 samples, got 3").
public enum EstimationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The variables have different numbers of samples.
  case mismatchedLengths(VariableRole, Int, VariableRole, Int)
  /// A variable has no columns.
  case noColumns(VariableRole)
  /// Too few samples for the estimator and its settings.
  case tooFewSamples(needed: Int, got: Int, reason: String)
  /// A NaN or infinite value.
  case nonFiniteValue(VariableRole, row: Int, column: Int, value: Double)
  /// A column with a single repeated value, which cannot be standardized and carries no information.
  case constantColumn(VariableRole, column: Int, value: Double)
  /// The covariance of a variable is singular (collinear columns).
  case singularCovariance(VariableRole)
  /// A parameter outside its valid range.
  case invalidParameter(name: String, value: String, reason: String)
  /// The data does not suit the estimator (said why, and what to use instead).
  case unsuitableData(String)
  /// Training a neural estimator produced a non-finite value at a step (1-based).
  case trainingDiverged(step: Int, quantity: String)
  /// Training a neural estimator ended with a value that cannot be an estimate (said why
  /// and what to change).
  case trainingFailed(String)
  /// The settings would need more memory than the machine can give (said how much, and
  /// which setting to change).
  case tooLarge(String)

  /// Parts of an estimator that cannot work together (a critic whose score layout the
  /// bound does not read), refused when they are put together.
  case incompatible(String)

  /// One sentence that says what is wrong or what this is, and where.
  public var description: String {
    switch self {
    case .incompatible(let reason):
      return reason
    case .mismatchedLengths(let a, let na, let b, let nb):
      return "\(a) has \(na) samples but \(b) has \(nb); every variable needs one value per sample"
    case .noColumns(let role):
      return "\(role) has no columns"
    case .tooFewSamples(let needed, let got, let reason):
      return "needs at least \(needed) samples (\(reason)), got \(got)"
    case .nonFiniteValue(let role, let row, let column, let value):
      return "\(role), row \(row), column \(column): value is \(value); estimators need finite numbers"
    case .constantColumn(let role, let column, let value):
      return "\(role), column \(column) is constant (every value is \(value)): it carries no information and cannot be standardized; drop it"
    case .singularCovariance(let role):
      return "the covariance of \(role) is singular: some of its columns are constant or linear combinations of others; drop the redundant columns"
    case .invalidParameter(let name, let value, let reason):
      return "invalid \(name) = \(value): \(reason)"
    case .unsuitableData(let reason):
      return reason
    case .trainingFailed(let reason):
      return "training failed: \(reason)"
    case .tooLarge(let reason):
      return reason
    case .trainingDiverged(let step, let quantity):
      return "training stopped at step \(step): the \(quantity) is not finite; lower the learning rate, clip gradients, or use a bound with less variance"
    }
  }
}
