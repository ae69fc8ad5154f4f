import MIEstimation
import MITensor
import _Differentiation

/// Jensen–Shannon training with an NWJ estimate (Hjelm et al. 2019, Deep InfoMax; Poole
/// et al. 2019): the critic maximizes the f-GAN JS objective
/// E_p[−softplus(−f)] − E_q[softplus(f)], whose optimum is f* = log p(y|x)/p(y), and the
/// reported value is NWJ at f + 1, E_p[f] + 1 − E_q[e^f], which is tight there.
///
/// - Bias: the reported value is a valid lower bound for any f (it is NWJ's).
/// - Variance: training is stable (JS saturates instead of exploding), the reported NWJ
///   value keeps NWJ's variance.
public struct JensenShannon<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "js" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.jensenShannon(scores)
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    _ = Scores.batchSize(scores, name)
    return Double(NWJ<Scalar>().objective(scores + 1).scalar)
  }

  /// The JS objective, which the critic is fitted to (not the NWJ value).
  public func validationCriterion(_ scores: Tensor<Scalar>) -> Double { Double(objective(scores).scalar) }
}

extension NeuralBoundKind {
  /// `js`: JensenShannon.
  public static let js = NeuralBoundKind(
    name: "js",
    summary: "Neural: trains with Jensen–Shannon (Deep InfoMax), reports NWJ; stable training.",
    variance: .exponential
  ) { context throws(EstimationError) in
    try context.train(bound: JensenShannon<Float>())
  }
}
