import Foundation

/// How an estimate relates to the true value.
public enum EstimateKind: String, Sendable, Codable, CustomStringConvertible {
  /// An estimate that aims at the true value (it may fall on either side).
  case pointEstimate = "point estimate"
  /// A value that is at most the true value (in expectation, for sample bounds).
  case lowerBound = "lower bound"
  /// A value that is at least the true value (in expectation, for sample bounds).
  case upperBound = "upper bound"

  /// `"point estimate"`, `"lower bound"` or `"upper bound"`.
  public var description: String { rawValue }
}

/// The information-theoretic quantity an estimate is of.
public enum InformationQuantity: String, Sendable, Codable {
  /// I(X;Y).
  case mutualInformation = "mutual information"
  /// I(X;Y|Z).
  case conditionalMutualInformation = "conditional mutual information"
  /// H(X) (differential entropy for continuous data).
  case entropy = "entropy"
  /// TC(X₁, …, X_m) = Σ H(Xᵢ) − H(X₁, …, X_m), also called multi-information.
  case totalCorrelation = "total correlation"
}

/// The result of an estimator: a value in nats with everything needed to interpret and
/// reproduce it.
///
/// Negative estimates are returned as they are: estimators of the KSG family are
/// nearly unbiased at independence, so a small negative value is the honest outcome of
/// estimating zero, and clipping would bias averages upward.
public struct Estimate: Sendable, Equatable, Codable {
  /// The value in nats.
  public var value: Double
  /// What was estimated.
  public var quantity: InformationQuantity
  /// Point estimate, lower bound or upper bound.
  public var kind: EstimateKind
  /// The estimator's name as used by the command line (`"ksg1"`, `"plugin"`, …).
  public var estimator: String
  /// The number of samples used.
  public var sampleCount: Int
  /// The parameters used (k, algorithm, bias correction, …).
  public var parameters: [Parameter]
  /// The preprocessing applied (standardization, tie-breaking noise and its seed, …).
  public var preprocessing: [Parameter]
  /// Things the user should know: discrete-looking columns, dropped samples, …
  public var warnings: [EstimationWarning]

  /// Creates an estimate; estimators fill every field.
  public init(
    value: Double, quantity: InformationQuantity, kind: EstimateKind, estimator: String, sampleCount: Int,
    parameters: [Parameter] = [], preprocessing: [Parameter] = [], warnings: [EstimationWarning] = []
  ) {
    self.value = value
    self.quantity = quantity
    self.kind = kind
    self.estimator = estimator
    self.sampleCount = sampleCount
    self.parameters = parameters
    self.preprocessing = preprocessing
    self.warnings = warnings
  }

  /// The value in the given unit.
  public func value(in unit: InformationUnit) -> Double {
    unit.convert(fromNats: value)
  }
}
