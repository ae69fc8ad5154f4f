import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Information maximization on a classifier's predictions (IM; Krause, Perona & Gomes 2010;
/// "CLIM" and "PIM" of the catalog): for K inputs with predicted class distributions
/// pᵢ = softmax(logitsᵢ) over C classes,
///
///     I(X; Ŷ) = H(p̄) − (1/K) Σᵢ H(pᵢ),   p̄ = (1/K) Σᵢ pᵢ,
///
/// the mutual information between the input and the predicted class under the model
/// (exact for the batch, in nats). The weighted form λ·H(p̄) − mean H(pᵢ) of PIM trades the
/// balance of the clusters (the first term) against confident predictions (the second).
///
/// - Ceiling: log C (balanced, confident predictions); 0 for a constant prediction.
/// - Bias: the batch mean p̄ stands for the population's, so small batches favour balance.
/// - Computed from log-softmax: log p̄ is a log-sum-exp of the rows, finite even when a
///   class's probability underflows.
public struct InformationMaximization<Scalar: TensorScalar>: Sendable {
  /// λ, the weight of the marginal entropy H(p̄) (1: the mutual information).
  public var marginalWeight: Double

  /// Creates the objective; `marginalWeight` λ must be a finite number ≥ 0.
  public init(marginalWeight: Double = 1) {
    guard marginalWeight >= 0, marginalWeight.isFinite else {
      ContractViolation.trap("InformationMaximization: marginalWeight λ must be a finite number ≥ 0, got \(marginalWeight)")
    }
    self.marginalWeight = marginalWeight
  }

  /// λ·H(p̄) − mean H(pᵢ) of K×C `logits`, to maximize.
  @differentiable(reverse)
  public func objective(_ logits: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Self.check(logits))
    let logP = logits.logSoftmax(alongAxis: 1)
    let k = withoutDerivative(at: logits.shape[0])
    let logMean = logP.logSumExp(alongAxis: 0) - Scalar.log(Scalar(k))  // [1, C]: log p̄
    let marginal = -(logMean.exp() * logMean).sum()
    let conditional = -(logP.exp() * logP).sum() / Scalar(k)
    return marginal * Scalar(marginalWeight) - conditional
  }

  /// The loss to minimize: −objective.
  @differentiable(reverse)
  public func loss(_ logits: Tensor<Scalar>) -> Tensor<Scalar> { -objective(logits) }

  /// I(X; Ŷ) of the batch in nats (λ = 1, whatever `marginalWeight` is).
  public func mutualInformation(_ logits: Tensor<Scalar>) -> Double {
    Double(InformationMaximization(marginalWeight: 1).objective(logits).scalar)
  }

  static func check(_ logits: Tensor<Scalar>) -> Int {
    guard logits.rank == 2, logits.shape[0] >= 1, logits.shape[1] >= 2 else {
      ContractViolation.trap("InformationMaximization: needs K×C logits with C ≥ 2 classes, got shape \(logits.shape)")
    }
    return logits.shape[0]
  }
}

/// A classifier trained by information maximization (a `TrainingObjective`): the batch's `x`
/// are the inputs, `y` is ignored. With a `SelfAugmentation` the loss is IMSAT's,
/// −(λ·H(p̄) − mean H(pᵢ)) + μ·(1/K) Σᵢ KL(pᵢ ‖ p(T(xᵢ))), the augmented batch drawn afresh at
/// every step. Reports I(X; Ŷ) in nats.
public struct InformationMaximizationObjective<Model: Layer>: TrainingObjective where Model.Scalar == Float {
  public typealias Scalar = Float
  /// The classifier, inputs → C logits.
  public var model: Model
  /// The objective.
  public var objective: InformationMaximization<Float>
  /// The classifier's optimizer.
  public var optimizer: Adam<Float>
  /// The augmentation penalty of IMSAT, if any.
  public let augmentation: SelfAugmentation?
  /// The seed of the next augmented batch.
  public private(set) var augmentationSeed: UInt64
  private var lastLogits: Tensor<Float>?

  /// Creates the objective for `model`; with `augmentation`, IMSAT's (its augmented batches
  /// drawn from `seed` on).
  public init(
    model: Model, objective: InformationMaximization<Float> = .init(), augmentation: SelfAugmentation? = nil, seed: UInt64 = 0,
    optimizer: Adam<Float>
  ) {
    self.model = model
    self.objective = objective
    self.augmentation = augmentation
    self.augmentationSeed = seed
    self.optimizer = optimizer
  }

  public var name: String { augmentation != nil ? "imsat" : objective.marginalWeight == 1 ? "im" : "im-weighted" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { String(describing: Model.self) }
  public var parameters: [Parameter] {
    [Parameter("marginal weight", .real(objective.marginalWeight))]
      + (augmentation.map { [Parameter("augmentation weight", .real($0.weight))] } ?? [])
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    let (x, objective) = (batch.x, self.objective)
    let loss: Tensor<Float>, gradient: Model.TangentVector
    if let augmentation {
      augmentationSeed &+= 1
      let (view, weight) = (augmentation.augment(x, seed: augmentationSeed), Float(augmentation.weight))
      (loss, gradient) = valueWithGradient(at: model) { m in
        let logits = m(x)
        return objective.loss(logits) + SelfAugmentation.divergence(logits, m(view)) * weight
      }
    } else {
      (loss, gradient) = valueWithGradient(at: model) { m in objective.loss(m(x)) }
    }
    lastLogits = withoutDerivative(at: model(x))
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&model, along: gradient)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { lastLogits.map(objective.mutualInformation) ?? .nan }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let value = objective.mutualInformation(model(split.x))
    return (value, objectiveValue(on: split.x))
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: [objective.mutualInformation(model(split.x))], candidatesPerRow: nil)
  }

  /// The value the objective maximizes on `x`: λ·H(p̄) − mean H(pᵢ), less μ times the
  /// augmentation penalty with the augmented batch of `seed`. Compares restarts (the best
  /// of several runs, as k-means keeps the restart of least inertia).
  public func objectiveValue(on x: Tensor<Float>, seed: UInt64 = 0) -> Double {
    let logits = model(x)
    let value = Double(objective.objective(logits).scalar)
    guard let augmentation else { return value }
    let penalty = SelfAugmentation.divergence(logits, model(augmentation.augment(x, seed: seed)))
    return value - augmentation.weight * Double(penalty.scalar)
  }

  /// The most probable class of each row of `x`.
  public func assignments(_ x: Tensor<Float>) -> [Int] { ClusterAssignments.argmax(model(x)) }
}

/// Hard assignments from logits.
public enum ClusterAssignments {
  /// The index of the largest logit of each row.
  public static func argmax<Scalar: TensorScalar>(_ logits: Tensor<Scalar>) -> [Int] {
    let (k, c) = (logits.shape[0], logits.shape[1])
    let values = logits.scalars
    return (0..<k).map { i in (0..<c).max { values[i * c + $0] < values[i * c + $1] }! }
  }
}
