import MIEstimation
import MINumerics
import MITensor
import _Differentiation

/// The interpolated bound I_α of Poole et al. (ICML 2019, Eq. 12), between InfoNCE (α = 1)
/// and TUBA (α = 0):
/// I ≥ 1 + E[log(e^{f(x₁,y)} / (α·m(y) + (1 − α)·q(y)))] − E[e^{f(x₁,y)} / (α·m(y) + (1 − α)·q(y))],
/// with m(y) = (1/K) Σₖ e^{f(xₖ,y)} and a learned baseline q(y) = e^{b(y)}; the first
/// expectation is over positive pairs, the second over independent ones.
///
/// On a batch: the joint term uses m over the whole column (xᵢ included), the marginal
/// term a leave-one-out m over the K − 1 other rows, so that y stays independent of the
/// x's it is averaged with. Expects the (K + 1)×K matrix of an `InterpolationCritic`.
/// - Bias and variance: α trades InfoNCE's low variance and log K ceiling (α → 1, the
///   ceiling becomes log(K/α)) against TUBA's unbiasedness and variance (α → 0).
public struct InterpolatedInfoNCE<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "alpha-infonce" }
  public var direction: BoundDirection { .lower }
  /// Reads f and the baseline row of a `BaselineCritic` with `.appendedRow`.
  public var acceptedLayouts: Set<ScoreLayout> { [.withBaselineRow] }
  /// α in [0, 1].
  public var alpha: Double

  /// Creates the bound with interpolation weight `alpha` (Poole et al. use 0.01).
  public init(alpha: Double = 0.01) {
    if !(alpha >= 0 && alpha <= 1) { ContractViolation.trap("InterpolatedInfoNCE: alpha must be in [0, 1], got \(alpha)") }
    self.alpha = alpha
  }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: Self.batchSize(scores))
    let s = scores.rows(0..<k)
    let b = scores.rows(k..<(k + 1))  // [1, K]: log q(yⱼ)
    let logMean = s.logSumExp(alongAxis: 0) - Scalar.log(Scalar(k))
    let others = s.replacing(with: -Scalar.infinity, where: .diagonal(size: k))
    let logMeanOthers = others.logSumExp(alongAxis: 0) - Scalar.log(Scalar(k - 1))
    let logDenominator = interpolate(logMean, b)
    let logDenominatorOthers = interpolate(logMeanOthers, b)
    let joint = (s.diagonal() - logDenominator.reshaped(to: [k])).mean()
    let marginal = Scores.meanOfNegatives((s - logDenominatorOthers).exp())
    return joint + 1 - marginal
  }

  /// log(α·e^{logM} + (1 − α)·e^{b}), elementwise over a [1, K] row.
  @differentiable(reverse)
  func interpolate(_ logM: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
    if alpha >= 1 { return logM }
    if alpha <= 0 { return b }
    let weighted = (logM + Scalar.log(Scalar(alpha))).concatenated(with: b + Scalar.log(Scalar(1 - alpha)), alongAxis: 0)
    return weighted.logSumExp(alongAxis: 0)
  }

  public var parameters: [Parameter] { [Parameter("alpha", .real(alpha))] }

  static func batchSize(_ scores: Tensor<Scalar>) -> Int {
    guard scores.rank == 2, scores.shape[0] == scores.shape[1] + 1, scores.shape[1] >= 2 else {
      ContractViolation.trap("alpha-infonce: needs the (K + 1)×K scores of an InterpolationCritic with K ≥ 2, got shape \(scores.shape)")
    }
    return scores.shape[1]
  }
}

extension NeuralBoundKind {
  /// `alpha-infonce`: InterpolatedInfoNCE.
  public static let alphaInfonce = NeuralBoundKind(
    name: "alpha-infonce",
    summary: "Neural: interpolated InfoNCE/TUBA bound I_α (Poole et al. 2019) with a learned baseline; --alpha."
  ) { context throws(EstimationError) in
    try context.train(bound: InterpolatedInfoNCE<Float>(alpha: context.estimator.alpha), baseline: .appendedRow)
  }
}
