import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// A classifier whose representation is kept from carrying an attribute by an information
/// penalty (fair and invariant representations: AMI, AIM, MASD, MIM-DRCFR with CLUB, an MI
/// critic or an adversary): an encoder z = f(x) and a task head g(z) minimize
///
///     CE(g(f(x)), y) + λ·Î(f(x); a),
///
/// Î any `InformationTerm` (`ConditionalDensityTerm` for CLUB, `CriticTerm` for an MI
/// critic, `ClassifierTerm` for an adversarial classifier), whose own model is refitted on
/// the frozen representation before each step of f and g (the inner player of the
/// min–max game). The batch's `labels` are the task's classes y, its `z` the attribute a
/// (K×da; a K×1 column of class indices for `ClassifierTerm`), its `x` the inputs.
///
/// Reports the term's value on z and a, in nats; early stopping keeps the encoder with the
/// lowest validation loss CE + λ·Î. The term is only as good as its model: measure the
/// removed information with an independent estimator (Ross, KSG) on held-out data.
public struct PenalizedClassification<Encoder: Layer, Head: Layer, Penalty: InformationTerm>: TrainingObjective
where Encoder.Scalar == Float, Head.Scalar == Float {
  public typealias Scalar = Float
  /// f: inputs → representation z.
  public var encoder: Encoder
  /// g: z → task logits (C classes).
  public var head: Head
  /// Î(z; a).
  public var penalty: Penalty
  /// Updates the encoder.
  public var encoderOptimizer: Adam<Float>
  /// Updates the task head.
  public var headOptimizer: Adam<Float>
  /// λ ≥ 0.
  public let weight: Double
  private var last: (z: Tensor<Float>, attribute: Tensor<Float>)?
  private var diverged = "penalized classification loss"

  /// Creates the objective; `weight` λ must be finite and ≥ 0.
  public init(
    encoder: Encoder, head: Head, penalty: Penalty, weight: Double = 1, encoderOptimizer: Adam<Float>, headOptimizer: Adam<Float>
  ) throws(EstimationError) {
    try MinimaxCheck.weight(weight, "PenalizedClassification")
    self.encoder = encoder
    self.head = head
    self.penalty = penalty
    self.weight = weight
    self.encoderOptimizer = encoderOptimizer
    self.headOptimizer = headOptimizer
  }

  public var name: String { "penalized-classification" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { "\(Encoder.self) → \(Head.self), penalty \(penalty.name)" }
  public var parameters: [Parameter] { [Parameter("penalty weight", .real(weight))] + penalty.parameters }
  public var lossDescription: String { diverged }
  public var criterionDescription: String { "validation loss CE(task) + λ·\(penalty.name)" }

  /// The task's one-hot classes and the attribute of a batch, checked.
  func targets(_ batch: Batch<Float>, representation z: Tensor<Float>) -> (task: Tensor<Float>, attribute: Tensor<Float>) {
    let k = batch.count
    guard let labels = batch.labels, labels.count == k else {
      ContractViolation.trap("PenalizedClassification: the batch needs one task label per row (\(k) rows, \(batch.labels?.count ?? 0) labels)")
    }
    guard let attribute = batch.z, attribute.rank == 2, attribute.shape[0] == k else {
      ContractViolation.trap(
        "PenalizedClassification: the attribute (the batch's z) must have one row per sample (\(k) rows), got \(batch.z.map { "shape \($0.shape)" } ?? "none")")
    }
    let classes = head(z.rows(0..<min(1, k))).shape[1]
    for (row, label) in labels.enumerated() where !(0..<classes).contains(label) {
      ContractViolation.trap("PenalizedClassification: task label \(label) at row \(row) is outside 0..<\(classes) (the head's outputs)")
    }
    return (CrossEntropy.oneHot(labels, count: classes), attribute)
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    let x = batch.x
    let frozen = encoder(x)
    let (taskOneHot, attribute) = targets(batch, representation: frozen)
    // 1. The penalty's own model, on the frozen representation.
    let fitted = penalty.fit(frozen, attribute)
    guard fitted.isFinite else {
      diverged = penalty.fitDescription
      return fitted
    }
    // 2. Encoder and head: the task loss plus λ times the penalty through z.
    let (penalty, lambda) = (self.penalty, Float(weight))
    let (loss, (dEncoder, dHead)) = valueWithGradient(at: encoder, head) { f, g in
      let z = f(x)
      return CrossEntropy.mean(g(z), taskOneHot) + lambda * penalty.estimate(z, attribute)
    }
    guard loss.scalar.isFinite else {
      diverged = "encoder loss CE(g(z), y) + λ·\(penalty.name)(z; a)"
      return Double(loss.scalar)
    }
    encoderOptimizer.update(&encoder, along: dEncoder)
    headOptimizer.update(&head, along: dHead)
    last = (frozen, attribute)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { last.map { penalty.value($0.z, $0.attribute) } ?? .nan }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let z = encoder(split.x)
    let (taskOneHot, attribute) = targets(split, representation: z)
    MinimaxCheck.attributeVaries(attribute, "PenalizedClassification")
    let value = penalty.value(z, attribute)
    return (value, -(Double(CrossEntropy.mean(head(z), taskOneHot).scalar) + weight * value))
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    let z = encoder(split.x)
    let (_, attribute) = targets(split, representation: z)
    return HeldOutValues(values: [penalty.value(z, attribute)], candidatesPerRow: nil)
  }

  /// The task head's most probable class of each row of `x`.
  public func predictions(_ x: Tensor<Float>) -> [Int] { ClusterAssignments.argmax(head(encoder(x))) }
}

/// Checks shared by the min–max objectives' initializers.
enum MinimaxCheck {
  /// Throws unless λ is finite and ≥ 0.
  static func weight(_ weight: Double, _ owner: String) throws(EstimationError) {
    guard weight >= 0, weight.isFinite else {
      throw .invalidParameter(name: "weight", value: "\(weight)", reason: "\(owner): λ must be a finite number ≥ 0")
    }
  }

  /// Stops when the attribute of a held-out split takes a single value on every row: there
  /// is no information about it to remove, and a game against it measures nothing.
  static func attributeVaries(_ attribute: Tensor<Float>, _ owner: String) {
    let (rows, columns) = (attribute.shape[0], attribute.shape[1])
    guard rows > 1 else { return }
    let first = Array(attribute.scalars[0..<columns])
    let constant = (1..<rows).allSatisfy { row in (0..<columns).allSatisfy { attribute.scalars[row * columns + $0] == first[$0] } }
    if constant {
      ContractViolation.trap(
        "\(owner): the attribute (the batch's z) takes the single value \(columns == 1 ? "\(first[0])" : "\(first)") on all \(rows) rows of the held-out split: there is no information about it to remove")
    }
  }
}
