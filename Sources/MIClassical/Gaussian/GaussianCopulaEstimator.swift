import MIEstimation
import MINumerics

/// Gaussian-copula mutual information: each column is replaced by its normal scores
/// Φ⁻¹(rank/(N + 1)), then the ``GaussianEstimator`` is applied.
///
/// Ince et al., "A statistical framework for neuroimaging data analysis based on mutual
/// information estimated via a Gaussian copula", Hum. Brain Mapp. 38 (2017).
///
/// The rank transform makes the estimate invariant to any strictly increasing transform
/// of each column. Since a Gaussian has the largest entropy for a given covariance, the
/// copula value is a **lower bound** on the true MI (in the large-sample limit): exact
/// when the copula is Gaussian, lower otherwise (for example for non-monotone
/// dependence, which it may miss entirely). Tied values get the average of their ranks.
///
/// - Complexity: O(N log N · d + N·d² + d³).
public struct GaussianCopulaEstimator: MutualInformationEstimator, ConditionalMutualInformationEstimator,
  TotalCorrelationEstimator
{
  /// Apply the analytic log-determinant bias correction.
  public var biasCorrected: Bool

  /// Creates the estimator (bias correction on by default).
  public init(biasCorrected: Bool = true) {
    self.biasCorrected = biasCorrected
  }

  /// `"copula"`.
  public var name: String { "copula" }

  /// Estimates I(X;Y) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x), (.y, y)])
    return relabel(try gaussian.estimate(Self.normalScores(x), Self.normalScores(y)))
  }

  /// Estimates I(X;Y|Z) in nats.
  public func estimate(_ x: Matrix, _ y: Matrix, given z: Matrix) throws(EstimationError) -> Estimate {
    try InputValidation.check([(.x, x), (.y, y), (.z, z)])
    return relabel(try gaussian.estimate(Self.normalScores(x), Self.normalScores(y), given: Self.normalScores(z)))
  }

  /// Estimates the total correlation of two or more groups, in nats.
  public func totalCorrelation(_ groups: [Matrix]) throws(EstimationError) -> Estimate {
    try InputValidation.check(groups.enumerated().map { (VariableRole.group($0.offset), $0.element) })
    return relabel(try gaussian.totalCorrelation(groups.map(Self.normalScores)))
  }

  private var gaussian: GaussianEstimator { GaussianEstimator(biasCorrected: biasCorrected) }

  private func relabel(_ estimate: Estimate) -> Estimate {
    var result = estimate
    result.estimator = name
    result.kind = .lowerBound
    result.preprocessing = [Parameter("transform", .text("normal scores of average ranks"))]
    return result
  }

  /// Each column replaced by Φ⁻¹(r/(N + 1)), r its (average, for ties) rank from 1 to N
  /// (`Matrix.normalScores()`).
  public static func normalScores(_ matrix: Matrix) -> Matrix { matrix.normalScores() }
}
