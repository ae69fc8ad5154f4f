import MINumerics

/// An estimator of the mutual information I(X;Y) between two (possibly multivariate)
/// variables observed jointly: row i of `x` and row i of `y` are one sample.
public protocol MutualInformationEstimator: Sendable {
  /// The estimator's short name, as used by the command line.
  var name: String { get }
  /// Estimates I(X;Y) in nats.
  func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate
  /// Estimates I(X;Y) in nats and calls `observe` with each `TrainingRecord` of an estimator
  /// that trains a model (`trainsModel`). The default ignores `observe`.
  func estimate(_ x: Matrix, _ y: Matrix, observing observe: ((TrainingRecord) -> Void)?) throws(EstimationError) -> Estimate
  /// Whether each estimate trains a model (and reports `TrainingRecord`s). The default is false.
  var trainsModel: Bool { get }
}

extension MutualInformationEstimator {
  public func estimate(_ x: Matrix, _ y: Matrix, observing observe: ((TrainingRecord) -> Void)?) throws(EstimationError) -> Estimate {
    try estimate(x, y)
  }
  public var trainsModel: Bool { false }
}

/// An estimator whose estimate depends on a seed besides the data (a neural estimator: its
/// split, initialization and batch order), so that its variability over training can be
/// measured by estimating again with other seeds (`Bootstrap.Method.retraining`).
public protocol SeededMutualInformationEstimator: MutualInformationEstimator {
  /// The same estimator with another seed.
  func withSeed(_ seed: UInt64) -> Self
}

/// An estimator of the conditional mutual information I(X;Y|Z).
public protocol ConditionalMutualInformationEstimator: Sendable {
  /// The estimator's short name, as used by the command line.
  var name: String { get }
  /// Estimates I(X;Y|Z) in nats.
  func estimate(_ x: Matrix, _ y: Matrix, given z: Matrix) throws(EstimationError) -> Estimate
}

/// An estimator of the total correlation (multi-information)
/// TC(X₁, …, X_m) = Σᵢ H(Xᵢ) − H(X₁, …, X_m) of two or more variable groups.
public protocol TotalCorrelationEstimator: Sendable {
  /// The estimator's short name, as used by the command line.
  var name: String { get }
  /// Estimates the total correlation of the groups, in nats.
  func totalCorrelation(_ groups: [Matrix]) throws(EstimationError) -> Estimate
}

/// An estimator of the (differential or discrete) entropy H(X).
public protocol EntropyEstimator: Sendable {
  /// The estimator's short name, as used by the command line.
  var name: String { get }
  /// Estimates H(X) in nats.
  func entropy(_ x: Matrix) throws(EstimationError) -> Estimate
}
