import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A critic trained on a score bound (InfoNCE, NWJ, DV, MINE, JS, SMILE, TUBA, α-InfoNCE,
/// WDM, …) with Adam, optionally on sampled negatives: the `TrainingObjective` of every
/// critic-based estimator.
///
/// The critic's layout (`Critic.squareLayout`, or `sampledLayout` with a `NegativeSampler`)
/// must be one the bound reads (`ScoreBound.acceptedLayouts`); `init` refuses a pair that
/// does not match, with a message that names both.
public struct CriticObjective<C: Critic, B: ScoreBound>: TrainingObjective where C.Scalar == B.Scalar {
  public typealias Scalar = C.Scalar
  /// The critic being trained.
  public var critic: C
  /// The bound it is trained on and that is reported.
  public var bound: B
  /// The optimizer of the critic.
  public var optimizer: Adam<Scalar>
  /// How each training batch's negatives are chosen; nil scores all K² pairs.
  public var negatives: (any NegativeSampler)?
  /// The critic's name in reports.
  public var modelDescription: String
  /// The scores of the last training batch.
  private var lastScores: Tensor<Scalar>?

  /// Puts a critic and a bound together, refusing a pair whose layouts do not match.
  public init(
    critic: C, bound: B, negatives: (any NegativeSampler)? = nil, optimizer: Adam<Scalar>, criticName: String? = nil
  ) throws(EstimationError) {
    let name = criticName ?? String(describing: C.self)
    let layout: ScoreLayout
    if let negatives {
      guard let sampled = critic.sampledLayout else {
        throw .incompatible(
          "the \(name) critic cannot score sampled negatives (\(negatives.summary)): its scores are \(critic.squareLayout); train it on all pairs")
      }
      layout = sampled
    } else {
      layout = critic.squareLayout
    }
    guard bound.acceptedLayouts.contains(layout) else {
      let accepted = ScoreLayout.allCases.filter(bound.acceptedLayouts.contains).map { "'\($0)'" }.joined(separator: " or ")
      throw .incompatible(
        "the \(bound.name) bound reads scores in the layout \(accepted), but the \(name) critic\(negatives == nil ? "" : " with \(negatives!.summary)") gives '\(layout)'")
    }
    self.critic = critic
    self.bound = bound
    self.negatives = negatives
    self.optimizer = optimizer
    self.modelDescription = name
  }

  public var name: String { bound.name }
  public var direction: BoundDirection { bound.direction }
  public var parameters: [Parameter] { bound.parameters }
  public var reportsMutualInformation: Bool { bound.reportsMutualInformation }
  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] { bound.warnings(value: value, candidates: candidates) }

  /// The loss of `critic` on all pairs of `batch` (−bound for lower bounds), differentiable
  /// in the critic.
  @differentiable(reverse, wrt: critic)
  public func loss(of critic: C, on batch: Batch<Scalar>) -> Tensor<Scalar> {
    bound.loss(critic.scores(batch.x, batch.y))
  }

  /// The loss of `critic` on `batch` with the negatives `pairs`, differentiable in the critic.
  @differentiable(reverse, wrt: critic)
  public func loss(of critic: C, on batch: Batch<Scalar>, negatives pairs: NegativePairs<Scalar>) -> Tensor<Scalar> {
    bound.loss(critic.scores(batch.x, batch.y, negatives: pairs))
  }

  public mutating func step(on batch: Batch<Scalar>) -> Double {
    critic.prepareForStep()
    let (x, y) = (batch.x, batch.y)
    let scores: Tensor<Scalar>
    let pullback: (Tensor<Scalar>) -> C.TangentVector
    if var sampler = negatives {
      let pairs: NegativePairs<Scalar> = sampler.negatives(for: batch)
      negatives = sampler
      (scores, pullback) = valueWithPullback(at: critic) { c in c.scores(x, y, negatives: pairs) }
    } else {
      (scores, pullback) = valueWithPullback(at: critic) { c in c.scores(x, y) }
    }
    let bound = self.bound
    let (loss, scoreGradient) = valueWithGradient(at: scores) { s in bound.loss(s) }
    lastScores = scores
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&critic, along: pullback(scoreGradient))
    return Double(loss.scalar)
  }

  /// Moves the bound's state on (MINE's moving average).
  public mutating func afterStep(on batch: Batch<Scalar>) {
    if let lastScores { bound.observe(lastScores) }
  }

  public func trainingValue() -> Double { lastScores.map { bound.value($0) } ?? .nan }

  /// Whether held-out splits are scored in chunks (the bound reads the critic's sampled layout).
  var scoresInChunks: Bool { HeldOutEvaluation.scoresInChunks(critic, bound) }

  public func validate(on split: Batch<Scalar>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let measured = evaluation.measure(critic, split.x, split.y, squareOnly: !scoresInChunks) {
      (bound.value($0), bound.validationCriterion($0))
    }
    return (HeldOutEvaluation.mean(measured.map { $0.0 }), HeldOutEvaluation.mean(measured.map { $0.1 }))
  }

  public func evaluate(on split: Batch<Scalar>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    let values = evaluation.values(of: bound, critic: critic, split.x, split.y)
    return HeldOutValues(values: values, candidatesPerRow: scoresInChunks ? evaluation.candidatesPerRow(count: split.count) : nil)
  }
}
