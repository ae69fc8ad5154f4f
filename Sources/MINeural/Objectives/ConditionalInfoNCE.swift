import Foundation
import MIEstimation
import MINetworks
import MINumerics
import MITensor
import _Differentiation

/// Conditional InfoNCE (NCE-cond; InfoCORE, Wang et al. 2024): InfoNCE whose negatives are
/// only the samples with the same value of a discrete conditioning variable z (a batch or
/// group id). On the K×K scores `S[i][j] = f(xᵢ, yⱼ)` of a batch with groups gᵢ,
///
///     Î = Σᵢ wᵢ [S[i][i] − log((1/nᵢ) Σ_{j: gⱼ = gᵢ} e^{S[i][j]})],   nᵢ = #{j: gⱼ = gᵢ},
///
/// and since the negatives of row i are drawn from p(y | gᵢ), each row is an InfoNCE bound
/// on I(X; Y | Z = gᵢ): Î lower-bounds I(X; Y | Z) (Σᵢ wᵢ = 1). With `equalGroups`, wᵢ ∝ 1/nᵢ
/// so that every group counts equally (InfoCORE's reweighting); otherwise wᵢ = 1/K.
///
/// - Ceiling: log nᵢ per row (the group's size in the batch), not log K.
/// - Bias: InfoNCE's, within each group. A row alone in its group in a batch has no
///   negative and is left out (weight 0); a batch with no group of two samples traps.
/// - Plain InfoNCE on the same data bounds I(X; Y), which exceeds I(X; Y | Z) by
///   I(X; Z) − I(X; Z | Y)-type terms when z is shared by x and y
///   (`ConditionalInfoNCETests`: I(X; Y | Z) = 0.50 against I(X; Y) = 1.89 nats).
public struct ConditionalInfoNCE<Scalar: TensorScalar>: Sendable {
  /// Whether every group counts equally (wᵢ ∝ 1/nᵢ) rather than every sample.
  public var equalGroups: Bool

  /// Creates the bound.
  public init(equalGroups: Bool = false) { self.equalGroups = equalGroups }

  /// The bound on the K×K `scores` of a batch with one group id per row, differentiable in
  /// the scores.
  @differentiable(reverse, wrt: scores)
  public func objective(_ scores: Tensor<Scalar>, groups: [Int]) -> Tensor<Scalar> {
    let (outside, rowTerms) = withoutDerivative(at: Self.masks(scores, groups, equalGroups: equalGroups))
    let logits = scores.replacing(with: -Scalar.infinity, where: outside)
    let terms = scores.diagonal().reshaped(to: [groups.count, 1]) - logits.logSumExp(alongAxis: 1) + rowTerms.logCounts
    return (terms * rowTerms.weights).sum()
  }

  /// The loss to minimize: −objective.
  @differentiable(reverse, wrt: scores)
  public func loss(_ scores: Tensor<Scalar>, groups: [Int]) -> Tensor<Scalar> { -objective(scores, groups: groups) }

  /// The bound's value in nats.
  public func value(_ scores: Tensor<Scalar>, groups: [Int]) -> Double { Double(objective(scores, groups: groups).scalar) }

  /// Per-row log nᵢ and weights wᵢ, as [K, 1] columns.
  struct RowTerms {
    var logCounts: Tensor<Scalar>
    var weights: Tensor<Scalar>
  }

  /// The mask of the pairs outside each row's group, and the rows' log-counts and weights.
  static func masks(_ scores: Tensor<Scalar>, _ groups: [Int], equalGroups: Bool) -> (TensorMask, RowTerms) {
    let k = groups.count
    guard scores.rank == 2, scores.shape[0] == k, scores.shape[1] == k else {
      ContractViolation.trap("ConditionalInfoNCE: needs the K×K scores of all pairs for K = \(k) group ids, got shape \(scores.shape)")
    }
    var sizes: [Int: Int] = [:]
    for g in groups { sizes[g, default: 0] += 1 }
    let paired = groups.filter { sizes[$0]! >= 2 }
    guard !paired.isEmpty else {
      ContractViolation.trap(
        "ConditionalInfoNCE: no group of the batch's \(k) samples has two members (\(sizes.count) groups), so no row has a negative")
    }
    let groupsWithPairs = Set(paired).count
    var outside = [Bool](repeating: false, count: k * k)
    var logCounts = [Scalar](repeating: 0, count: k), weights = [Scalar](repeating: 0, count: k)
    for i in 0..<k {
      for j in 0..<k where groups[j] != groups[i] { outside[i * k + j] = true }
      let n = sizes[groups[i]]!
      logCounts[i] = Scalar(Foundation.log(Double(n)))
      guard n >= 2 else { continue }
      weights[i] = equalGroups ? Scalar(1 / (Double(n) * Double(groupsWithPairs))) : Scalar(1 / Double(paired.count))
    }
    return (TensorMask(shape: [k, k], flags: outside),
            RowTerms(logCounts: Tensor(shape: [k, 1], scalars: logCounts), weights: Tensor(shape: [k, 1], scalars: weights)))
  }
}

/// A critic trained on conditional InfoNCE (a `TrainingObjective`): the batch's `labels` are
/// the groups (the discrete z). Held-out splits are scored in chunks of the evaluation size,
/// each row against its group in the chunk. Reports the bound on I(X; Y | Z) in nats.
public struct ConditionalInfoNCEObjective<C: Critic>: TrainingObjective where C.Scalar == Float {
  public typealias Scalar = Float
  /// The critic f(x, y).
  public var critic: C
  /// The bound.
  public var bound: ConditionalInfoNCE<Float>
  /// The critic's optimizer.
  public var optimizer: Adam<Float>
  private var lastValue = Double.nan

  /// Puts a critic and the bound together; the critic must score all pairs.
  public init(critic: C, bound: ConditionalInfoNCE<Float> = .init(), optimizer: Adam<Float>) throws(EstimationError) {
    guard critic.squareLayout == .allPairs else {
      throw .incompatible("conditional InfoNCE reads the critic's all-pairs scores, but the critic gives '\(critic.squareLayout)'")
    }
    self.critic = critic
    self.bound = bound
    self.optimizer = optimizer
  }

  public var name: String { "infonce-conditional" }
  public var direction: BoundDirection { .lower }
  public var modelDescription: String { String(describing: C.self) }
  public var parameters: [Parameter] { [Parameter("equal groups", .flag(bound.equalGroups))] }

  static func groups(_ batch: Batch<Float>) -> [Int] {
    guard let labels = batch.labels else { ContractViolation.trap("ConditionalInfoNCEObjective: the batch has no group ids (labels)") }
    return labels
  }

  public mutating func step(on batch: Batch<Float>) -> Double {
    critic.prepareForStep()
    let (x, y, groups, bound) = (batch.x, batch.y, Self.groups(batch), self.bound)
    let (loss, gradient) = valueWithGradient(at: critic) { c in bound.loss(c.scores(x, y), groups: groups) }
    lastValue = -Double(loss.scalar)
    guard loss.scalar.isFinite else { return Double(loss.scalar) }
    optimizer.update(&critic, along: gradient)
    return Double(loss.scalar)
  }

  public func trainingValue() -> Double { lastValue }

  public func validate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> (value: Double, criterion: Double) {
    let value = HeldOutEvaluation.mean(evaluate(on: split, evaluation: evaluation).values)
    return (value, value)
  }

  public func evaluate(on split: Batch<Float>, evaluation: HeldOutEvaluation) -> HeldOutValues {
    let groups = Self.groups(split)
    let chunks = HeldOutEvaluation.chunks(count: split.count, size: evaluation.chunkSize)
    let values = chunks.map { range in
      bound.value(critic.allPairScores(split.x.rows(range), split.y.rows(range)), groups: Array(groups[range]))
    }
    return HeldOutValues(values: values, candidatesPerRow: nil)
  }
}
