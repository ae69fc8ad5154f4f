import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Parallel embeddings kept diverse (PDF; SepCLR): an encoder whose output z = f(x) is read
/// as two heads, u = z[:, 0..<d] and v = z[:, d..<2d], each of which must keep information
/// about a target y (an InfoNCE term against a target embedding e = g(y)), while the
/// information between the heads is removed by a penalty:
///
///     min_{f,g}  −InfoNCE(u eᵀ) − InfoNCE(v eᵀ) + λ·Î(u; v),
///
/// InfoNCE on the separable scores S[i][j] = uᵢ·eⱼ (Oord et al. 2018) and Î any
/// `InformationTerm` (CLUB on a Gaussian q(v|u), the PDF paper's choice, by default), whose
/// model is refitted on the frozen heads before each step of f and g. Without the penalty
/// both heads learn the same, strongest, feature; with it they split the target's factors.
///
/// Reports Î(u; v) in nats; early stopping keeps the encoder with the lowest validation
/// loss. Measure I(u; v) and what each head keeps with an independent estimator.
public struct ParallelEmbeddings<Encoder: Layer, Target: Layer, Penalty: InformationTerm>: TrainingObjective
where Encoder.Scalar == Float, Target.Scalar == Float {
  public typealias Scalar = Float
  /// f: inputs → [u | v], 2·d values per row.
  public var encoder: Encoder
  /// g: targets → e, d values per row.
  public var target: Target
  /// Î(u; v).
  public var penalty: Penalty
  /// Updates the encoder.
  public var encoderOptimizer: Adam<Float>
  /// Updates the target embedding.
  public var targetOptimizer: Adam<Float>
  /// λ ≥ 0.
  public let weight: Double
  private var last: (u: Tensor<Float>, v: Tensor<Float>)?
  private var diverged = "parallel embeddings loss"

  /// Creates the objective; `weight` λ must be finite and ≥ 0.
  public init(
    encoder: Encoder, target: Target, penalty: Penalty, weight: Double = 1, encoderOptimizer: Adam<Float>, targetOptimizer: Adam<Float>
  ) throws(EstimationError) {
    try MinimaxCheck.weight(weight, "ParallelEmbeddings")
    self.encoder = encoder
    self.target = target
    self.penalty = penalty
    self.weight = weight
    self.encoderOptimizer = encoderOptimizer
    self.targetOptimizer = targetOptimizer
  }

  public var name: String { "parallel-embeddings" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { "\(Encoder.self) as two heads, target \(Target.self), penalty \(penalty.name)" }
  public var parameters: [Parameter] { [Parameter("penalty weight", .real(weight))] + penalty.parameters }
  public var lossDescription: String { diverged }
  public var criterionDescription: String { "validation loss −InfoNCE(u) − InfoNCE(v) + λ·\(penalty.name)" }

  /// d, half the encoder's width, checked against the target embedding's.
  static func headWidth(_ z: Tensor<Float>, _ e: Tensor<Float>) -> Int {
    guard z.shape[1] % 2 == 0, z.shape[1] / 2 == e.shape[1] else {
      ContractViolation.trap(
        "ParallelEmbeddings: the encoder must output two heads of the target embedding's width (\(e.shape[1])), 2·\(e.shape[1]) = \(2 * e.shape[1]) values per row, got \(z.shape[1])")
    }
    return e.shape[1]
  }

  /// −InfoNCE of one head against the target embedding.
  @differentiable(reverse)
  static func contrastiveLoss(_ head: Tensor<Float>, _ e: Tensor<Float>) -> Tensor<Float> {
    -InfoNCE<Float>().objective(matmul(head, e, transposingB: true))
  }

  /// The two heads of the encoder's output on `x`.
  public func heads(_ x: Tensor<Float>) -> (u: Tensor<Float>, v: Tensor<Float>) {
    let z = encoder(x)
    let d = z.shape[1] / 2
    return (z.columns(0..<d), z.columns(d..<(2 * d)))
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    let (x, y) = (batch.x, batch.y)
    let z = encoder(x)
    let d = Self.headWidth(z, target(y.rows(0..<min(1, batch.count))))
    let (u, v) = (z.columns(0..<d), z.columns(d..<(2 * d)))
    // 1. The penalty's own model, on the frozen heads.
    let fitted = penalty.fit(u, v)
    guard fitted.isFinite else {
      diverged = penalty.fitDescription
      return fitted
    }
    // 2. Encoder and target embedding.
    let (penalty, lambda) = (self.penalty, Float(weight))
    let (loss, (dEncoder, dTarget)) = valueWithGradient(at: encoder, target) { f, g in
      let z = f(x)
      let e = g(y)
      let (u, v) = (z.columns(0..<d), z.columns(d..<(2 * d)))
      return Self.contrastiveLoss(u, e) + Self.contrastiveLoss(v, e) + lambda * penalty.estimate(u, v)
    }
    guard loss.scalar.isFinite else {
      diverged = "encoder loss −InfoNCE(u) − InfoNCE(v) + λ·\(penalty.name)(u; v)"
      return Double(loss.scalar)
    }
    encoderOptimizer.update(&encoder, along: dEncoder)
    targetOptimizer.update(&target, along: dTarget)
    last = (u, v)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { last.map { penalty.value($0.u, $0.v) } ?? .nan }

  /// The heads of a split and the target embedding, the widths checked.
  func headsAndTarget(_ split: Batch<Float>) -> (u: Tensor<Float>, v: Tensor<Float>, e: Tensor<Float>) {
    let (z, e) = (encoder(split.x), target(split.y))
    let d = Self.headWidth(z, e)
    return (z.columns(0..<d), z.columns(d..<(2 * d)), e)
  }

  /// Each head's InfoNCE against the target embedding, in nats (at most log K).
  static func retained(_ u: Tensor<Float>, _ v: Tensor<Float>, _ e: Tensor<Float>) -> (u: Double, v: Double) {
    (-Double(contrastiveLoss(u, e).scalar), -Double(contrastiveLoss(v, e).scalar))
  }

  /// Each head's InfoNCE against the target embedding on a split, in nats (at most log K).
  public func retained(on split: Batch<Float>) -> (u: Double, v: Double) {
    let (u, v, e) = headsAndTarget(split)
    return Self.retained(u, v, e)
  }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let (u, v, e) = headsAndTarget(split)
    let kept = Self.retained(u, v, e)
    let value = penalty.value(u, v)
    return (value, kept.u + kept.v - weight * value)
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    let (u, v) = heads(split.x)
    return HeldOutValues(values: [penalty.value(u, v)], candidatesPerRow: nil)
  }
}
