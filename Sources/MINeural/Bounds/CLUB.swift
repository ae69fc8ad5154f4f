import MIEstimation
import MINumerics
import MITensor
import _Differentiation

/// CLUB, the contrastive log-ratio upper bound (Cheng et al., ICML 2020), on the matrix
/// L[i][j] = log q(yⱼ | xᵢ) of a conditional model (`GaussianConditional`):
/// I ≤ (1/K) Σᵢ L[i][i] − (1/K²) Σᵢⱼ L[i][j].
///
/// - With the true conditional p(y|x) it is an upper bound; with a variational q fitted by
///   likelihood (vCLUB) it is one whenever q is close enough to p in KL, and it is what
///   the paper uses in practice.
/// - Bias: above I by E_{p(x)p(y)}[log p(y)/p(y|x)]-type slack (for Gaussians with
///   correlation ρ per coordinate: d·ρ²/(1 − ρ²) against I = −(d/2)·log(1 − ρ²)).
/// - Variance: low (no exponentials of scores), which is why it is minimized in
///   disentanglement and fairness objectives.
/// Fit q by minimizing `GaussianConditional.negativeLogLikelihood`, then minimize this.
public struct CLUB<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "club" }
  public var direction: BoundDirection { .upper }
  /// Reads the log-densities of a conditional model.
  public var acceptedLayouts: Set<ScoreLayout> { [.logDensities] }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    return Scores.meanOfPositives(scores) - scores.mean()
  }
}

extension NeuralBoundKind {
  /// `club`: CLUB.
  public static let club = NeuralBoundKind(
    name: "club",
    summary: "Neural: CLUB upper bound (Cheng et al. 2020) with a Gaussian q(y|x) fitted by likelihood.",
    model: .conditionalDensity(predictsX: false)
  ) { context throws(EstimationError) in
    try context.trainDensity(bound: CLUB<Float>())
  }
}
