import MIEstimation
import MITensor
import _Differentiation

/// NWJ, the Nguyen–Wainwright–Jordan bound, also f-GAN KL and MINE-f
/// (Nguyen et al. 2010; Poole et al. 2019, Eq. 5): I ≥ E_p[f] − e⁻¹ E_q[e^f].
///
/// - Bias: unbiased for the batch (no log of a mean), tight at f* = 1 + log p(y|x)/p(y).
/// - Variance: high, growing like e^I (the e^f term is dominated by rare large scores);
///   it is the unbiased but noisy end of the bias–variance trade-off.
public struct NWJ<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "nwj" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) - (Scores.logMeanExpOfNegatives(scores) - 1).exp()
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    Double(objective(scores).scalar)
  }
}

extension NeuralBoundKind {
  /// `nwj`: NWJ.
  public static let nwj = NeuralBoundKind(
    name: "nwj",
    summary: "Neural: NWJ lower bound (Nguyen et al. 2010); unbiased per batch, high variance at high MI.",
    variance: .exponential
  ) { context throws(EstimationError) in
    try context.train(bound: NWJ<Float>())
  }
}
