import MIEstimation
import MITensor
import _Differentiation
import MINumerics

/// SMILE (Song & Ermon, ICLR 2020): the critic is trained with the Jensen–Shannon
/// objective, and the estimate is the Donsker–Varadhan bound with the scores on the
/// negatives clipped to [−τ, τ]: E_p[f] − log E_q[e^{clip(f, −τ, τ)}].
///
/// - Bias: clipping trades a bias (the value is no longer a strict bound; it is exact
///   when |f*| ≤ τ on the negatives) for variance.
/// - Variance: bounded by e^{2τ}; τ = 5 is the paper's choice for the MI staircase.
/// With τ = ∞ the value is DV's.
public struct SMILE<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "smile" }
  public var direction: BoundDirection { .lower }
  /// τ, the clipping threshold.
  public var clip: Double

  public var parameters: [Parameter] { [Parameter("clip", .real(clip))] }

  /// Creates the bound with threshold τ = `clip` > 0.
  public init(clip: Double = 5) {
    if !(clip > 0) { ContractViolation.trap("SMILE: clip must be positive, got \(clip)") }
    self.clip = clip
  }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.jensenShannon(scores)
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    _ = Scores.batchSize(scores, name)
    let tau = Scalar(clip)
    let clipped = scores.clamped(to: -tau, tau)
    return Double((Scores.meanOfPositives(scores) - Scores.logMeanExpOfNegatives(clipped)).scalar)
  }

  /// The JS objective, which the critic is fitted to (not the clipped DV value).
  public func validationCriterion(_ scores: Tensor<Scalar>) -> Double { Double(objective(scores).scalar) }
}

extension NeuralBoundKind {
  /// `smile`: SMILE.
  public static let smile = NeuralBoundKind(
    name: "smile",
    summary: "Neural: SMILE (Song & Ermon 2020), JS training, DV value with scores clipped at --clip.",
    variance: .steady
  ) { context throws(EstimationError) in
    try context.train(bound: SMILE<Float>(clip: context.estimator.smileClip))
  }
}
