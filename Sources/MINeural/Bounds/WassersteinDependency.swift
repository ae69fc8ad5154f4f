import MIEstimation
import MITensor
import _Differentiation

/// The Wasserstein dependency measure (Ozair et al., NeurIPS 2019):
/// W(p(x, y), p(x)p(y)) ≥ E_p[f] − E_q[f] for any 1-Lipschitz critic f (Kantorovich–
/// Rubinstein duality); train a spectrally normalized critic on it.
///
/// It is not a bound on the mutual information and is not in nats: it is a transport
/// distance in the units of the (standardized) data, which grows smoothly where MI
/// estimates saturate, the reason it was proposed for representation learning.
/// - Bias: below W for any critic; tight at the optimal 1-Lipschitz critic.
/// - Variance: low (no exponentials).
public struct WassersteinDependency<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "wdm" }
  public var direction: BoundDirection { .lower }

  /// Creates the measure.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) - Scores.meanOfNegatives(scores)
  }

  /// Not in nats.
  public var reportsMutualInformation: Bool { false }

  /// What the value is, and is not.
  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] {
    [.note(
      "wdm is a Wasserstein distance between p(x,y) and p(x)p(y) under a 1-Lipschitz critic, in units of the standardized data: not an MI bound and not in nats; compare it only with other wdm values")]
  }
}

extension NeuralBoundKind {
  /// `wdm`: WassersteinDependency.
  public static let wdm = NeuralBoundKind(
    name: "wdm",
    summary: "Neural: Wasserstein dependency measure (Ozair et al. 2019), Lipschitz critic; not in nats.",
    reportsMutualInformation: false
  ) { context throws(EstimationError) in
    try context.train(bound: WassersteinDependency<Float>(), lipschitz: true)
  }
}
