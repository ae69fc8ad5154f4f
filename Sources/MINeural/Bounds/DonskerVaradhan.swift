import MIEstimation
import MITensor
import _Differentiation

/// The Donsker–Varadhan bound (Donsker & Varadhan 1983; Belghazi et al. 2018):
/// I ≥ E_p[f] − log E_q[e^f].
///
/// - Bias: the log of a batch mean makes the batch estimate biased (upward of the bound
///   for small batches); tight at f* = log p(y|x)/p(y) + any constant.
/// - Variance: like NWJ's, growing with I, but invariant to shifts of f.
public struct DonskerVaradhan<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "dv" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) - Scores.logMeanExpOfNegatives(scores)
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    Double(objective(scores).scalar)
  }
}

extension NeuralBoundKind {
  /// `dv`: DonskerVaradhan.
  public static let dv = NeuralBoundKind(
    name: "dv",
    summary: "Neural: Donsker–Varadhan lower bound; shift-invariant, biased by the log of a batch mean.",
    variance: .exponential
  ) { context throws(EstimationError) in
    try context.train(bound: DonskerVaradhan<Float>())
  }
}
