import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Adversarial minimization of what a representation holds about an attribute (ADV: AMI,
/// AIM, MASD, Shape-erased, MIM-DRCFR; Ganin & Lempitsky 2015, Edwards & Storkey 2016): an
/// encoder z = f(x) with a task head g(z) is trained against an adversary h(z) that predicts
/// a discrete attribute a, a min–max game over
///
///     min_{f,g} max_h   CE(g(f(x)), y) − λ·CE(h(f(x)), a),
///
/// played by alternation: `adversarySteps` steps of the adversary on the frozen
/// representation, then one step of encoder and head on the task loss less λ times the
/// adversary's loss (through `reversingGradient`). The batch's `labels` are the task's
/// classes y, its `z` the attribute a (a K×1 column of class indices 0..<A); `x` the inputs.
///
/// Reports the adversary's Barber–Agakov bound I(Z; A) ≥ H(A) − CE(h(z), a) in nats, H(A) the
/// plug-in entropy of the batch's attributes: a lower bound that is only as good as the
/// adversary, so measure the removed information with an independent estimator too (a
/// k-NN or mixed estimator on held-out z and a). Early stopping keeps the encoder with the
/// lowest validation loss CE(task) − λ·CE(adversary).
///
/// - Bias: the value is below I(Z; A) by the adversary's excess cross-entropy; an encoder can
///   hide a where a weak adversary does not look (more `adversarySteps`, a wider adversary).
/// - Ceiling: H(A) ≤ log A.
public struct AdversarialObjective<Encoder: Layer, Head: Layer, Adversary: Layer>: TrainingObjective
where Encoder.Scalar == Float, Head.Scalar == Float, Adversary.Scalar == Float {
  public typealias Scalar = Float
  /// f: inputs → representation z.
  public var encoder: Encoder
  /// g: z → task logits (C classes).
  public var head: Head
  /// h: z → attribute logits (A classes).
  public var adversary: Adversary
  /// Updates the encoder.
  public var encoderOptimizer: Adam<Float>
  /// Updates the task head.
  public var headOptimizer: Adam<Float>
  /// Updates the adversary.
  public var adversaryOptimizer: Adam<Float>
  /// λ ≥ 0, the weight of the adversary's loss in the encoder's.
  public let weight: Double
  /// Adversary steps per encoder step (≥ 1).
  public let adversarySteps: Int
  private var last: (taskLoss: Double, adversaryLoss: Double, entropy: Double)?
  private var diverged = "adversarial training loss"

  /// Creates the game; `weight` λ must be finite and ≥ 0, `adversarySteps` at least 1.
  public init(
    encoder: Encoder, head: Head, adversary: Adversary, weight: Double = 1, adversarySteps: Int = 1,
    encoderOptimizer: Adam<Float>, headOptimizer: Adam<Float>, adversaryOptimizer: Adam<Float>
  ) throws(EstimationError) {
    try MinimaxCheck.weight(weight, "AdversarialObjective")
    guard adversarySteps >= 1 else {
      throw .invalidParameter(
        name: "adversarySteps", value: "\(adversarySteps)", reason: "AdversarialObjective: the adversary needs at least 1 step per encoder step")
    }
    self.encoder = encoder
    self.head = head
    self.adversary = adversary
    self.weight = weight
    self.adversarySteps = adversarySteps
    self.encoderOptimizer = encoderOptimizer
    self.headOptimizer = headOptimizer
    self.adversaryOptimizer = adversaryOptimizer
  }

  public var name: String { "adversarial" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { "\(Encoder.self) → \(Head.self), adversary \(Adversary.self)" }
  public var parameters: [Parameter] {
    [Parameter("adversary weight", .real(weight)), Parameter("adversary steps", .integer(adversarySteps))]
  }
  public var lossDescription: String { diverged }
  public var criterionDescription: String { "validation loss CE(task) − λ·CE(adversary)" }

  /// Mean cross-entropy −(1/K) Σᵢ log softmax(logitsᵢ)[classᵢ], the classes as a one-hot
  /// constant (`CrossEntropy.mean`).
  @differentiable(reverse, wrt: logits)
  public static func crossEntropy(_ logits: Tensor<Float>, _ oneHot: Tensor<Float>) -> Tensor<Float> {
    CrossEntropy.mean(logits, oneHot)
  }

  /// The task's and the attribute's one-hot targets and the plug-in H(A) of a batch, checked.
  func targets(_ batch: Batch<Float>, taskClasses: Int, attributeClasses: Int) -> (task: Tensor<Float>, attribute: Tensor<Float>, entropy: Double) {
    let k = batch.count
    guard let labels = batch.labels, labels.count == k else {
      ContractViolation.trap("AdversarialObjective: the batch needs one task label per row (\(k) rows, \(batch.labels?.count ?? 0) labels)")
    }
    guard let attribute = batch.z, attribute.rank == 2, attribute.shape[0] == k, attribute.shape[1] == 1 else {
      ContractViolation.trap(
        "AdversarialObjective: the attribute (the batch's z) must be a \(k)×1 column of class indices, got \(batch.z.map { "\($0.shape)" } ?? "none")")
    }
    var attributes = [Int]()
    for (row, (label, value)) in zip(labels, attribute.scalars).enumerated() {
      guard (0..<taskClasses).contains(label) else {
        ContractViolation.trap("AdversarialObjective: task label \(label) at row \(row) is outside 0..<\(taskClasses) (the head's outputs)")
      }
      let a = Int(value)
      guard Float(a) == value, (0..<attributeClasses).contains(a) else {
        ContractViolation.trap("AdversarialObjective: attribute \(value) at row \(row) is not a class in 0..<\(attributeClasses) (the adversary's outputs)")
      }
      attributes.append(a)
    }
    return (
      CrossEntropy.oneHot(labels, count: taskClasses), CrossEntropy.oneHot(attributes, count: attributeClasses),
      CrossEntropy.plugInEntropy(attributes, count: attributeClasses)
    )
  }

  /// The targets of a batch, the class counts read from the head's and the adversary's
  /// outputs on its first representation row.
  func targets(_ batch: Batch<Float>, representation z: Tensor<Float>) -> (task: Tensor<Float>, attribute: Tensor<Float>, entropy: Double) {
    let first = z.rows(0..<1)
    return targets(batch, taskClasses: head(first).shape[1], attributeClasses: adversary(first).shape[1])
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    let x = batch.x
    let z = encoder(x)
    let (taskOneHot, attributeOneHot, entropy) = targets(batch, representation: z)
    // 1. The adversary, on the frozen representation.
    for _ in 0..<adversarySteps {
      let (loss, gradient) = valueWithGradient(at: adversary) { h in Self.crossEntropy(h(z), attributeOneHot) }
      guard loss.scalar.isFinite else {
        diverged = "adversary loss CE(h(z), a)"
        return Double(loss.scalar)
      }
      adversaryOptimizer.update(&adversary, along: gradient)
    }
    // 2. Encoder and head: the task loss, and the adversary's loss reversed through z.
    let (adversary, lambda) = (self.adversary, Float(weight))
    let (loss, (dEncoder, dHead)) = valueWithGradient(at: encoder, head) { f, g in
      let z = f(x)
      return Self.crossEntropy(g(z), taskOneHot) + Self.crossEntropy(adversary(reversingGradient(z, scale: lambda)), attributeOneHot)
    }
    guard loss.scalar.isFinite else {
      diverged = "encoder loss CE(g(z), y) − λ·CE(h(z), a)"
      return Double(loss.scalar)
    }
    // The closure's value is CE(task) + CE(adversary) (the reversal acts on gradients only):
    // the encoder's loss is CE(task) − λ·CE(adversary), at the adversary just updated.
    let current = Double(Self.crossEntropy(adversary(z), attributeOneHot).scalar)
    let task = Double(loss.scalar) - current
    encoderOptimizer.update(&encoder, along: dEncoder)
    headOptimizer.update(&head, along: dHead)
    last = (task, current, entropy)
    return task - weight * current
  }

  public func trainingValue() -> Double { last.map { max(0, $0.entropy - $0.adversaryLoss) } ?? .nan }

  /// The task's and the adversary's mean cross-entropy and H(A) on a split.
  func losses(on split: Batch<Float>) -> (task: Double, adversary: Double, entropy: Double) {
    let z = encoder(split.x)
    let (taskOneHot, attributeOneHot, entropy) = targets(split, representation: z)
    return (Double(Self.crossEntropy(head(z), taskOneHot).scalar), Double(Self.crossEntropy(adversary(z), attributeOneHot).scalar), entropy)
  }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    if let attribute = split.z, attribute.rank == 2 { MinimaxCheck.attributeVaries(attribute, "AdversarialObjective") }
    let (task, adversaryLoss, entropy) = losses(on: split)
    return (max(0, entropy - adversaryLoss), -(task - weight * adversaryLoss))
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    let (_, adversaryLoss, entropy) = losses(on: split)
    return HeldOutValues(values: [max(0, entropy - adversaryLoss)], candidatesPerRow: nil)
  }

  /// The task head's most probable class of each row of `x`.
  public func predictions(_ x: Tensor<Float>) -> [Int] { ClusterAssignments.argmax(head(encoder(x))) }
}
