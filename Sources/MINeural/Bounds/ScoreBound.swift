import MIEstimation
import MITensor
import _Differentiation

/// A mutual-information bound computed from a critic's score matrix (see `ScoreLayout`):
/// for the all-pairs layout `S[i][j] = f(xᵢ, yⱼ)`, the diagonal holds K samples of the joint
/// p(x, y), the K(K − 1) off-diagonal entries samples of p(x)p(y).
///
/// Two values per batch, as in torch-mist: the `objective`, whose gradient trains the
/// critic (maximized for lower bounds, minimized for upper bounds), and the `value`
/// reported as the estimate, in nats. They differ where the method says so (JS trains
/// with the Jensen–Shannon objective and reports NWJ; MINE corrects the gradient with a
/// moving average; SMILE trains with JS and reports a clipped DV).
///
/// A bound also says which layouts it reads (`acceptedLayouts`), what early stopping
/// selects on, and the parameters and warnings its estimates carry, so that the trainer
/// and the estimator need no knowledge of any particular bound.
public protocol ScoreBound<Scalar>: Sendable {
  /// The scalar type of the score matrices.
  associatedtype Scalar: TensorScalar

  /// A short name for reports and logs ("infonce", "nwj", …).
  var name: String { get }
  /// Lower bounds are maximized, upper bounds minimized.
  var direction: BoundDirection { get }
  /// The score layouts the bound reads. `CriticObjective` refuses a critic (and negative
  /// sampler) whose layout is not among them.
  var acceptedLayouts: Set<ScoreLayout> { get }

  /// The training objective for the batch.
  @differentiable(reverse)
  func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar>

  /// The bound's value for the batch, in nats. The default is the objective's value; the
  /// bounds that report something else (JS, SMILE, MINE) say what.
  func value(_ scores: Tensor<Scalar>) -> Double

  /// Updates state kept between batches (MINE's moving average) after a training step on
  /// `scores`. The default does nothing.
  mutating func observe(_ scores: Tensor<Scalar>)
  /// What early stopping maximizes on held-out data (minimizes, for upper bounds). The
  /// default is the value. JS and SMILE use their training objective instead: their
  /// reported values are not what the critic is fitted to, and keep rising as an
  /// overfitted critic grows overconfident (SMILE's is not a bound), so selecting on them
  /// would pick the largest overshoot.
  func validationCriterion(_ scores: Tensor<Scalar>) -> Double

  /// Settings of the bound recorded in the estimate (SMILE's τ, α). The default is none.
  var parameters: [Parameter] { get }
  /// Notes on a held-out value `value` measured with `candidates` candidates per row
  /// (InfoNCE's log K ceiling, WDM's units). The default is none.
  func warnings(value: Double, candidates: Int) -> [EstimationWarning]
  /// Whether the value is in nats of mutual information (false for the Wasserstein
  /// dependency and the Jensen–Shannon divergence). The default is true.
  var reportsMutualInformation: Bool { get }
}

/// Whether a bound lies below the mutual information (and is maximized) or above it (and
/// is minimized).
public enum BoundDirection: String, Sendable {
  case lower, upper
}

extension ScoreBound {
  public func value(_ scores: Tensor<Scalar>) -> Double { Double(objective(scores).scalar) }

  public mutating func observe(_ scores: Tensor<Scalar>) {}
  public var acceptedLayouts: Set<ScoreLayout> { [.allPairs, .positivesFirst] }
  public func validationCriterion(_ scores: Tensor<Scalar>) -> Double { value(scores) }
  public var parameters: [Parameter] { [] }
  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] { [] }
  public var reportsMutualInformation: Bool { true }

  /// Whether the bound also reads sampled negatives, the positive first and m negatives
  /// after it, besides a square matrix: such bounds are evaluated on held-out chunks with
  /// more candidates per row than the training batch.
  public var acceptsSampledNegatives: Bool { acceptedLayouts.contains(where: \.isPositivesFirst) }

  /// The loss to minimize when training: −objective for lower bounds, +objective for upper.
  @differentiable(reverse)
  public func loss(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    direction == .lower ? -objective(scores) : objective(scores)
  }
}
