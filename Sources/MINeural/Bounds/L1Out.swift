import MIEstimation
import MINumerics
import MITensor
import _Differentiation

/// L1Out, the leave-one-out upper bound (Poole et al. 2019, Eq. 13; Cheng et al. 2020):
/// I ≤ (1/K) Σᵢ [log q(yᵢ|xᵢ) − log((1/(K − 1)) Σ_{j≠i} q(yᵢ|xⱼ))], the mixture of the other
/// conditionals standing in for p(yᵢ). An upper bound with the true conditional (in
/// expectation), tighter than CLUB but with the variance of a log-mean-exp.
public struct L1Out<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "l1out" }
  public var direction: BoundDirection { .upper }
  /// Reads the log-densities of a conditional model.
  public var acceptedLayouts: Set<ScoreLayout> { [.logDensities] }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    // Column i holds log q(yᵢ | x_j) for every j; drop j = i.
    let others = scores.replacing(with: -Scalar.infinity, where: .diagonal(size: k))
    let logMixture = others.logSumExp(alongAxis: 0) - Scalar.log(Scalar(k - 1))
    return Scores.meanOfPositives(scores) - logMixture.mean()
  }
}

extension NeuralBoundKind {
  /// `l1out`: L1Out.
  public static let l1out = NeuralBoundKind(
    name: "l1out",
    summary: "Neural: L1Out leave-one-out upper bound (Poole et al. 2019) with a fitted Gaussian q(y|x).",
    model: .conditionalDensity(predictsX: false)
  ) { context throws(EstimationError) in
    try context.trainDensity(bound: L1Out<Float>())
  }
}
