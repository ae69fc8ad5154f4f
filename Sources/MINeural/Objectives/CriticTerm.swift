import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Any critic with any lower bound of `MINeural` (InfoNCE, NWJ, MINE, JS, SMILE, …) as an
/// information term: the critic is trained to maximize the bound on the frozen batch,
/// `steps` Adam steps per encoder step, and the bound at the fitted critic,
/// `bound.objective(critic.scores(u, v))`, is differentiable in u and v. Minimized by an
/// encoder, it is an MI critic playing the adversary (the catalog's AMI and MIM-DRCFR
/// variants that estimate I(Z; A) with a neural lower bound); maximized, it is a contrastive
/// keep term with its own critic.
///
/// A lower bound makes a weak penalty: the encoder lowers what the critic can see, not
/// what is there. Measure the removed information with an independent estimator.
public struct CriticTerm<Model: Critic, Bound: ScoreBound>: InformationTerm where Model.Scalar == Float, Bound.Scalar == Float {
  /// The critic f(u, v).
  public var critic: Model
  /// The bound, a lower bound read from the critic's square scores.
  public var bound: Bound
  /// Updates the critic.
  public var optimizer: Adam<Float>
  /// Critic steps per call of `fit` (≥ 1).
  public let steps: Int

  /// Puts a critic and a lower bound that reads its square layout together.
  public init(critic: Model, bound: Bound, optimizer: Adam<Float>, steps: Int = 1) throws(EstimationError) {
    guard bound.direction == .lower else {
      throw .incompatible("CriticTerm: \(bound.name) is an upper bound; a critic term maximizes a lower bound (use ConditionalDensityTerm for CLUB and L1Out)")
    }
    guard bound.acceptedLayouts.contains(critic.squareLayout) else {
      throw .incompatible("CriticTerm: the \(bound.name) bound does not read the critic's \(critic.squareLayout) scores")
    }
    try InformationTermCheck.steps(steps, "CriticTerm")
    self.critic = critic
    self.bound = bound
    self.optimizer = optimizer
    self.steps = steps
  }

  public var name: String { "critic \(bound.name)" }
  public var fitDescription: String { "critic loss −\(bound.name)" }
  public var parameters: [Parameter] { [Parameter("critic steps", .integer(steps))] + bound.parameters }

  public mutating func fit(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double {
    InformationTermCheck.rows(u, v, "CriticTerm")
    var loss = Double.nan
    for _ in 0..<steps {
      critic.prepareForStep()
      let term = self
      let (value, gradient) = valueWithGradient(at: critic) { f in -term.bound(at: f, u, v) }
      loss = Double(value.scalar)
      guard loss.isFinite else { return loss }
      optimizer.update(&critic, along: gradient)
      self.bound.observe(critic.scores(u, v))
    }
    return loss
  }

  /// The bound at `critic` on the batch, differentiable in the critic and the batch alike
  /// (one derivative of `Critic.scores` for fitting and for the encoder: separate ones for
  /// the critic alone and for u and v alone crash the optimizing compiler, Swift 6.3.1).
  @differentiable(reverse, wrt: (critic, u, v))
  func bound(at critic: Model, _ u: Tensor<Float>, _ v: Tensor<Float>) -> Tensor<Float> {
    bound.objective(critic.scores(u, v))
  }

  @differentiable(reverse, wrt: (u, v))
  public func estimate(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Tensor<Float> {
    bound(at: critic, u, v)
  }

  public func value(_ u: Tensor<Float>, _ v: Tensor<Float>) -> Double { bound.value(critic.scores(u, v)) }
}
