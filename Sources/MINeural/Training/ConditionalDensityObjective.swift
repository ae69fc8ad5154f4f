import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A variational Gaussian q(y|x) (`GaussianConditional`) fitted by maximum likelihood, and
/// a bound that reads its log-densities (CLUB, CLUB-S, L1Out, Barber–Agakov): the
/// `TrainingObjective` of the density-based estimators. Early stopping selects the q with
/// the best validation likelihood (the criterion is the negative log-likelihood for upper
/// bounds, which are minimized, and the log-likelihood for lower bounds).
public struct ConditionalDensityObjective<B: ScoreBound>: TrainingObjective where B.Scalar == Float {
  public typealias Scalar = Float
  /// q(y|x).
  public var model: GaussianConditional<Float>
  /// The bound reported from q's log-densities.
  public var bound: B
  /// The optimizer of q.
  public var optimizer: Adam<Float>
  /// The last training batch.
  private var lastBatch: Batch<Float>?

  /// Puts q and a bound together; the bound must read log-densities.
  public init(model: GaussianConditional<Float>, bound: B, optimizer: Adam<Float>) throws(EstimationError) {
    guard bound.acceptedLayouts.contains(.logDensities) else {
      throw .incompatible(
        "the \(bound.name) bound reads critic scores, not the log-densities of a conditional model: train it with a critic")
    }
    self.model = model
    self.bound = bound
    self.optimizer = optimizer
  }

  public var name: String { bound.name }
  public var direction: BoundDirection { bound.direction }
  public var modelDescription: String { "gaussian-conditional" }
  public var parameters: [Parameter] { bound.parameters }
  public var reportsMutualInformation: Bool { bound.reportsMutualInformation }
  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] { bound.warnings(value: value, candidates: candidates) }
  public var lossDescription: String { "negative log-likelihood of q(y|x)" }
  public var criterionDescription: String { "validation negative log-likelihood" }

  public mutating func step(on batch: Batch<Float>) -> Double {
    let (x, y) = (batch.x, batch.y)
    let (loss, gradient) = valueWithGradient(at: model) { q in q.negativeLogLikelihood(x, y) }
    lastBatch = batch
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&model, along: gradient)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { lastBatch.map { bound.value(model.scores($0.x, $0.y)) } ?? .nan }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let batches = SplitData.batches(split.x, split.y, size: evaluation.batchSize)
    let likelihood = HeldOutEvaluation.mean(batches.map { Double(model.negativeLogLikelihood($0.0, $0.1).scalar) })
    guard likelihood.isFinite else { return (.nan, likelihood) }
    let value = HeldOutEvaluation.mean(batches.map { bound.value(model.scores($0.0, $0.1)) })
    return (value, direction == .upper ? likelihood : -likelihood)
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: evaluation.measure(model, split.x, split.y, squareOnly: true) { bound.value($0) }, candidatesPerRow: nil)
  }
}
