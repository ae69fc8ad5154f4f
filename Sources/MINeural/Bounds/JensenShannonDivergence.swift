import Foundation
import MIEstimation
import MITensor
import _Differentiation

/// The Jensen–Shannon divergence between the joint and the product of the marginals,
/// JSD(p(x, y) ‖ p(x)p(y)), with its f-GAN variational lower bound (Nowozin et al. 2016;
/// the "JSD" estimator of Deep InfoMax, Hjelm et al. 2019):
///
///     JSD ≥ log 2 + ½ (E_p[−softplus(−f)] − E_q[softplus(f)])
///
/// with equality at f* = log p(x, y)/(p(x)p(y)). It is a dependence measure in nats between
/// 0 (independence) and log 2 (disjoint supports), monotone in the MI for a fixed family
/// of distributions but not the MI itself: it saturates at log 2 where MI grows without
/// bound, and is reported as itself, not as MI.
/// - Bias: below the JSD for any critic; tight at f*.
/// - Variance: low (softplus saturates instead of exploding).
public struct JensenShannonDivergence<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "jsd" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.jensenShannon(scores) / 2 + Scalar.log(2)
  }

  /// Not in nats of MI.
  public var reportsMutualInformation: Bool { false }

  /// What the value is, and is not.
  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] {
    [.note(String(
      format: "jsd is the Jensen–Shannon divergence between p(x,y) and p(x)p(y), in nats between 0 and log 2 = %.4f: a measure of dependence, not the mutual information; compare it only with other jsd values",
      Foundation.log(2.0)))]
  }
}

extension NeuralBoundKind {
  /// `jsd`: JensenShannonDivergence.
  public static let jsd = NeuralBoundKind(
    name: "jsd",
    summary: "Neural: Jensen–Shannon divergence of p(x,y) from p(x)p(y) (Deep InfoMax), at most log 2; not MI.",
    reportsMutualInformation: false
  ) { context throws(EstimationError) in
    try context.train(bound: JensenShannonDivergence<Float>())
  }
}
