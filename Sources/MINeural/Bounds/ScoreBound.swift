import MITensor
import _Differentiation

/// A mutual-information bound computed from a critic's K×K score matrix S, with
/// `S[i][j] = f(xᵢ, yⱼ)`: the diagonal holds K samples of the joint p(x, y), the
/// K(K − 1) off-diagonal entries samples of p(x)p(y).
///
/// Two values per batch, as in torch-mist: the `objective`, whose gradient trains the
/// critic (maximized for lower bounds, minimized for upper bounds), and the `value`
/// reported as the estimate, in nats. They differ where the method says so (JS trains
/// with the Jensen–Shannon objective and reports NWJ; MINE corrects the gradient with a
/// moving average; SMILE trains with JS and reports a clipped DV).
public protocol ScoreBound<Scalar>: Sendable {
  /// The scalar type of the score matrices.
  associatedtype Scalar: TensorScalar

  /// A short name for reports and logs ("infonce", "nwj", …).
  var name: String { get }
  /// Lower bounds are maximized, upper bounds minimized.
  var direction: BoundDirection { get }

  /// The training objective for the batch.
  @differentiable(reverse)
  func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar>

  /// The bound's value for the batch, in nats. The default is the objective's value; the
  /// bounds that report something else (JS, SMILE, MINE) say what.
  func value(_ scores: Tensor<Scalar>) -> Double

  /// Updates state kept between batches (MINE's moving average) after a training step on
  /// `scores`. The default does nothing.
  mutating func observe(_ scores: Tensor<Scalar>)
  /// Whether the bound also reads the B×(1 + m) layout, the positive in column 0 and m
  /// negatives in the others, besides the square K×K one. `NeuralEstimator` evaluates such
  /// bounds on blocks of rows against every sample of a held-out chunk. The default is
  /// true; the bounds that need the square matrix (symmetric InfoNCE, α-InfoNCE, CLUB,
  /// CLUB-S, L1Out, Barber–Agakov) say false.
  var acceptsSampledNegatives: Bool { get }
  /// What early stopping maximizes on held-out data (minimizes, for upper bounds). The
  /// default is the value. JS and SMILE use their training objective instead: their
  /// reported values are not what the critic is fitted to, and keep rising as an
  /// overfitted critic grows overconfident (SMILE's is not a bound), so selecting on them
  /// would pick the largest overshoot.
  func validationCriterion(_ scores: Tensor<Scalar>) -> Double
}

/// Whether a bound lies below the mutual information (and is maximized) or above it (and
/// is minimized).
public enum BoundDirection: String, Sendable {
  case lower, upper
}

extension ScoreBound {
  public func value(_ scores: Tensor<Scalar>) -> Double { Double(objective(scores).scalar) }

  public mutating func observe(_ scores: Tensor<Scalar>) {}
  public var acceptsSampledNegatives: Bool { true }
  public func validationCriterion(_ scores: Tensor<Scalar>) -> Double { value(scores) }

  /// The loss to minimize when training: −objective for lower bounds, +objective for upper.
  @differentiable(reverse)
  public func loss(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    direction == .lower ? -objective(scores) : objective(scores)
  }
}

/// Reductions of a score matrix shared by the bounds.
///
/// Two layouts: a square K×K matrix with the positives on the diagonal (all pairs), or a
/// K×(1 + m) matrix with the positive in column 0 and m sampled negatives in the other
/// columns (`JointCritic` with `negatives`). Every bound except the symmetric InfoNCE,
/// α-InfoNCE and the density bounds (CLUB, L1Out, BA) accepts both.
enum Scores {
  /// K, after checking the layout: at least 2 rows and at least one negative per row.
  static func batchSize<Scalar: TensorScalar>(_ scores: Tensor<Scalar>, _ bound: String) -> Int {
    guard scores.rank == 2 else { fatalError("\(bound): needs a K×K or K×(1 + m) score matrix, got shape \(scores.shape)") }
    guard scores.shape[0] >= 2, scores.shape[1] >= 2 else {
      fatalError("\(bound): needs a batch of at least 2 pairs and one negative per row, got shape \(scores.shape)")
    }
    return scores.shape[0]
  }

  /// K, requiring the square all-pairs layout.
  static func squareBatchSize<Scalar: TensorScalar>(_ scores: Tensor<Scalar>, _ bound: String) -> Int {
    guard scores.rank == 2, scores.shape[0] == scores.shape[1] else {
      fatalError("\(bound): needs the square K×K matrix of all pairs, got shape \(scores.shape)")
    }
    return batchSize(scores, bound)
  }

  /// The number of candidates per row (K for all pairs, 1 + m with sampled negatives).
  static func candidates<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Int { scores.shape[1] }

  /// Whether the positives are on the diagonal (all pairs) rather than in column 0.
  static func isSquare<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Bool { scores.shape[0] == scores.shape[1] }

  /// The positives as a K-vector.
  @differentiable(reverse)
  static func positives<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: scores.shape[0])
    if withoutDerivative(at: isSquare(scores)) { return scores.diagonal() }
    return scores.columns(0..<1).reshaped(to: [k])
  }

  /// (1/K) Σᵢ f(xᵢ, yᵢ): the critic's mean on the joint samples.
  @differentiable(reverse)
  static func meanOfPositives<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    positives(scores).mean()
  }

  /// log of the mean of e^f over the negative pairs, stably.
  @differentiable(reverse)
  static func logMeanExpOfNegatives<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: scores.shape[0])
    let m = withoutDerivative(at: scores.shape[1])
    if withoutDerivative(at: isSquare(scores)) {
      let negatives = scores.replacing(with: -Scalar.infinity, where: .diagonal(size: k))
      return negatives.logSumExp() - Scalar.log(Scalar(k * (k - 1)))
    }
    return scores.columns(1..<m).logSumExp() - Scalar.log(Scalar(k * (m - 1)))
  }

  /// The mean of `values` (a function of the scores, same layout) over the negative pairs.
  @differentiable(reverse)
  static func meanOfNegatives<Scalar: TensorScalar>(_ values: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: values.shape[0])
    let m = withoutDerivative(at: values.shape[1])
    if withoutDerivative(at: isSquare(values)) {
      return (values.sum() - values.diagonal().sum()) / Scalar(k * (k - 1))
    }
    return values.columns(1..<m).mean()
  }

  /// The Jensen–Shannon (f-GAN) objective E_p[−softplus(−f)] − E_q[softplus(f)] (Nowozin et al. 2016).
  @differentiable(reverse)
  static func jensenShannon<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let positive = (-positives(scores)).softplus().mean()
    return -positive - meanOfNegatives(scores.softplus())
  }
}
