import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A bound on I(U; V) read from a Gaussian q(v|u) (`GaussianConditional`) that the term fits
/// by likelihood on the frozen batch, `steps` Adam steps per encoder step: CLUB (the
/// default; Cheng et al. 2020), L1Out or CLUB-S as a penalty an encoder minimizes (PDF,
/// SepCLR, MIM-DRCFR), or Barber–Agakov, H(V) + E log q(v|u), as the "backward network" of
/// AMI and AIM that an encoder maximizes to keep what u says about v.
///
/// The estimate is `bound.objective(q.scores(u, v))`, differentiable in u and v: for CLUB,
/// (1/K) Σᵢ log q(vᵢ|uᵢ) − (1/K²) Σᵢⱼ log q(vⱼ|uᵢ). Minimizing CLUB through the encoder while
/// q keeps up is what makes it a penalty; a single step of q per encoder step lets the
/// encoder outrun q (the penalty falls while the information stays: see
/// docs/Minimization.md), so refit q several steps.
public struct ConditionalDensityTerm<Bound: ScoreBound>: InformationTerm where Bound.Scalar == Float {
  /// q(v|u).
  public var conditional: GaussianConditional<Float>
  /// The bound read from q's log-densities.
  public var bound: Bound
  /// Updates q.
  public var optimizer: Adam<Float>
  /// Likelihood steps of q per call of `fit` (≥ 1).
  public let steps: Int

  /// Puts q and a bound that reads log-densities together.
  public init(conditional: GaussianConditional<Float>, bound: Bound, optimizer: Adam<Float>, steps: Int = 5) throws(EstimationError) {
    guard bound.acceptedLayouts.contains(.logDensities) else {
      throw .incompatible("ConditionalDensityTerm: the \(bound.name) bound reads critic scores, not log-densities: use CriticTerm")
    }
    try InformationTermCheck.steps(steps, "ConditionalDensityTerm")
    self.conditional = conditional
    self.bound = bound
    self.optimizer = optimizer
    self.steps = steps
  }

  public var name: String { bound.name }
  public var fitDescription: String { "negative log-likelihood of q(v|u) (\(bound.name))" }
  public var parameters: [Parameter] { [Parameter("\(bound.name) fitting steps", .integer(steps))] + bound.parameters }

  public mutating func fit(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double {
    InformationTermCheck.rows(u, v, "ConditionalDensityTerm")
    var loss = Double.nan
    for _ in 0..<steps {
      let (value, gradient) = valueWithGradient(at: conditional) { q in q.negativeLogLikelihood(u, v) }
      loss = Double(value.scalar)
      guard loss.isFinite else { return loss }
      optimizer.update(&conditional, along: gradient)
    }
    return loss
  }

  @differentiable(reverse, wrt: (u, v))
  public func estimate(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Tensor<Float> {
    bound.objective(conditional.scores(u, v))
  }

  public func value(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double { bound.value(conditional.scores(u, v)) }
}

extension ConditionalDensityTerm where Bound == CLUB<Float> {
  /// CLUB on q(v|u) fitted `steps` likelihood steps per encoder step.
  public init(conditional: GaussianConditional<Float>, optimizer: Adam<Float>, steps: Int = 5) throws(EstimationError) {
    try self.init(conditional: conditional, bound: CLUB(), optimizer: optimizer, steps: steps)
  }
}
