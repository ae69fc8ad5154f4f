import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Invariant information clustering (IIC; Ji, Henriques & Vedaldi, ICCV 2019; "ClusT3" of
/// the catalog): for two views of each of K samples with predicted class distributions pᵢ
/// and p′ᵢ over C clusters, the joint distribution of the two assignments
///
///     P = sym((1/K) Σᵢ pᵢ p′ᵢᵀ),   sym(A) = (A + Aᵀ)/2,
///
/// and its exact mutual information I(z; z′) = Σ_ab P_ab log(P_ab / (P_a P_b)) in nats,
/// maximized so that both views fall in the same cluster and the clusters are used evenly.
/// For one-hot predictions P is the empirical joint of the assignment pairs (with each pair
/// also counted swapped) and the value is the plug-in MI of those pairs.
///
/// - Ceiling: log C (each view's cluster determines the other's, clusters balanced).
/// - Bias: P's zero entries are clamped at ε (the machine epsilon of `Scalar`, as the paper's
///   code clamps), a bias of order ε·log ε per entry; the batch P stands for the population's.
public struct InvariantInformationClustering<Scalar: TensorScalar>: Sendable {
  /// λ, the weight of the marginal terms: the objective is Σ P_ab (log P_ab − λ log P_a −
  /// λ log P_b), the MI at λ = 1 (the default); λ > 1 penalizes unbalanced clusters more, as
  /// the `lamb` of the authors' code, which keeps clusters from dying.
  public var marginalWeight: Double

  /// Creates the objective; `marginalWeight` λ must be a finite number ≥ 0.
  public init(marginalWeight: Double = 1) {
    guard marginalWeight >= 0, marginalWeight.isFinite else {
      ContractViolation.trap("InvariantInformationClustering: marginalWeight λ must be a finite number ≥ 0, got \(marginalWeight)")
    }
    self.marginalWeight = marginalWeight
  }

  /// The C×C symmetrized joint P of K×C `logits` and `otherLogits` (two views).
  @differentiable(reverse)
  public func joint(_ logits: Tensor<Scalar>, _ otherLogits: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Self.check(logits, otherLogits))
    let k = withoutDerivative(at: logits.shape[0])
    let p = logits.softmax(alongAxis: 1), q = otherLogits.softmax(alongAxis: 1)
    let raw = matmul(p, q, transposingA: true) / Scalar(k)
    return (raw + raw.transposed()) / 2
  }

  /// Σ P_ab (log P_ab − λ log P_a − λ log P_b) of P, to maximize (I(z; z′) at λ = 1).
  @differentiable(reverse)
  public func objective(_ logits: Tensor<Scalar>, _ otherLogits: Tensor<Scalar>) -> Tensor<Scalar> {
    Self.mutualInformation(ofJoint: joint(logits, otherLogits), marginalWeight: marginalWeight)
  }

  /// I(z; z′) in nats, whatever λ is.
  public func mutualInformation(_ logits: Tensor<Scalar>, _ otherLogits: Tensor<Scalar>) -> Double {
    Double(Self.mutualInformation(ofJoint: joint(logits, otherLogits)).scalar)
  }

  /// The loss to minimize: −I(z; z′).
  @differentiable(reverse)
  public func loss(_ logits: Tensor<Scalar>, _ otherLogits: Tensor<Scalar>) -> Tensor<Scalar> { -objective(logits, otherLogits) }

  /// Σ_ab P_ab (log P_ab − log P_a − log P_b) of a C×C joint distribution, entries clamped at ε.
  /// With `marginalWeight` λ ≠ 1, Σ_ab P_ab (log P_ab − λ log P_a − λ log P_b).
  @differentiable(reverse, wrt: joint)
  public static func mutualInformation(ofJoint joint: Tensor<Scalar>, marginalWeight: Double = 1) -> Tensor<Scalar> {
    checkDistribution(withoutDerivative(at: joint))
    let epsilon = withoutDerivative(at: Scalar.ulpOfOne)
    let p = joint.clamped(to: epsilon, 1)
    let rows = joint.sum(alongAxis: 1).clamped(to: epsilon, 1)  // [C, 1]
    let columns = joint.sum(alongAxis: 0).clamped(to: epsilon, 1)  // [1, C]
    let lambda = withoutDerivative(at: Scalar(marginalWeight))
    return (joint * (p.log() - rows.log() * lambda - columns.log() * lambda)).sum()
  }

  /// Traps unless `joint` is a C×C distribution: entries finite and ≥ 0, summing to 1 within
  /// 10⁻³ (the rounding of a Float sum of many rows stays far below).
  static func checkDistribution(_ joint: Tensor<Scalar>) {
    guard joint.rank == 2, joint.shape[0] == joint.shape[1], joint.shape[0] >= 1 else {
      ContractViolation.trap("InvariantInformationClustering: the joint of cluster assignments must be a C×C matrix, got shape \(joint.shape)")
    }
    let scalars = joint.scalars
    if let bad = scalars.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
      let c = joint.shape[1]
      ContractViolation.trap(
        "InvariantInformationClustering: the joint is not a distribution: entry (\(bad / c), \(bad % c)) is \(scalars[bad])")
    }
    let total = Double(scalars.reduce(0, +))
    guard abs(total - 1) <= 1e-3 else {
      ContractViolation.trap("InvariantInformationClustering: the joint is not a distribution: its entries sum to \(total), not 1")
    }
  }

  static func check(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Int {
    guard a.rank == 2, a.shape == b.shape, a.shape[0] >= 1, a.shape[1] >= 2 else {
      ContractViolation.trap(
        "InvariantInformationClustering: needs two K×C logits of the same shape with C ≥ 2 clusters, got \(a.shape) and \(b.shape)")
    }
    return a.shape[0]
  }
}

/// A clustering network trained by IIC (a `TrainingObjective`): the batch's `x` and `y` are
/// two views of the same samples, both through the same `model`. Reports I(z; z′) in nats.
public struct InvariantInformationClusteringObjective<Model: Layer>: TrainingObjective where Model.Scalar == Float {
  public typealias Scalar = Float
  /// The network, inputs → C logits.
  public var model: Model
  /// The network's optimizer.
  public var optimizer: Adam<Float>
  /// The objective (its λ).
  public var iic: InvariantInformationClustering<Float>
  private var lastValue = Double.nan

  /// Creates the objective for `model`.
  public init(model: Model, objective: InvariantInformationClustering<Float> = .init(), optimizer: Adam<Float>) {
    self.model = model
    self.iic = objective
    self.optimizer = optimizer
  }

  public var parameters: [Parameter] { [Parameter("marginal weight", .real(iic.marginalWeight))] }

  public var name: String { "iic" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { String(describing: Model.self) }

  public mutating func step(on batch: Batch<Float>) -> Double {
    guard batch.x.shape == batch.y.shape else {
      ContractViolation.trap("InvariantInformationClusteringObjective: the two views differ in shape, \(batch.x.shape) and \(batch.y.shape)")
    }
    let (x, y, iic) = (batch.x, batch.y, self.iic)
    let (loss, gradient) = valueWithGradient(at: model) { m in iic.loss(m(x), m(y)) }
    lastValue = iic.mutualInformation(withoutDerivative(at: model(x)), withoutDerivative(at: model(y)))
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&model, along: gradient)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { lastValue }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let (a, b) = (model(split.x), model(split.y))
    return (iic.mutualInformation(a, b), Double(iic.objective(a, b).scalar))
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    HeldOutValues(values: [validate(on: split, evaluation: evaluation).value], candidatesPerRow: nil)
  }

  /// The most probable cluster of each row of `x`.
  public func assignments(_ x: Tensor<Float>) -> [Int] { ClusterAssignments.argmax(model(x)) }
}
