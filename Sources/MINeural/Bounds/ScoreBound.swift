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

  /// The bound's value for the batch, in nats.
  func value(_ scores: Tensor<Scalar>) -> Double

  /// Updates state kept between batches (MINE's moving average) after a training step on
  /// `scores`. The default does nothing.
  mutating func observe(_ scores: Tensor<Scalar>)
}

/// Whether a bound lies below the mutual information (and is maximized) or above it (and
/// is minimized).
public enum BoundDirection: String, Sendable {
  case lower, upper
}

extension ScoreBound {
  public mutating func observe(_ scores: Tensor<Scalar>) {}

  /// The loss to minimize when training: −objective for lower bounds, +objective for upper.
  @differentiable(reverse)
  public func loss(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    direction == .lower ? -objective(scores) : objective(scores)
  }
}

/// Reductions of a score matrix shared by the bounds.
enum Scores {
  /// K, after checking that the matrix is square with K ≥ 2 (one positive and at least one
  /// negative per row).
  static func batchSize<Scalar: TensorScalar>(_ scores: Tensor<Scalar>, _ bound: String) -> Int {
    guard scores.rank == 2, scores.shape[0] == scores.shape[1] else {
      fatalError("\(bound): needs a square K×K score matrix, got shape \(scores.shape)")
    }
    guard scores.shape[0] >= 2 else {
      fatalError("\(bound): needs a batch of at least 2 pairs (one positive and one negative per row), got \(scores.shape[0])")
    }
    return scores.shape[0]
  }

  /// (1/K) Σᵢ S[i][i]: the critic's mean on the joint samples.
  @differentiable(reverse)
  static func meanOfPositives<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    scores.diagonal().mean()
  }

  /// log of the mean of e^{S[i][j]} over the K(K − 1) off-diagonal pairs, stably.
  @differentiable(reverse)
  static func logMeanExpOfNegatives<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: scores.shape[0])
    let negatives = scores.replacing(with: -Scalar.infinity, where: .diagonal(size: k))
    return negatives.logSumExp() - Scalar.log(Scalar(k * (k - 1)))
  }

  /// The mean of `values` over the off-diagonal entries.
  @differentiable(reverse)
  static func meanOfNegatives<Scalar: TensorScalar>(_ values: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: values.shape[0])
    return (values.sum() - values.diagonal().sum()) / Scalar(k * (k - 1))
  }

  /// The Jensen–Shannon (f-GAN) objective E_p[−softplus(−f)] − E_q[softplus(f)] (Nowozin et al. 2016).
  @differentiable(reverse)
  static func jensenShannon<Scalar: TensorScalar>(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let positive = (-scores.diagonal()).softplus().mean()
    return -positive - meanOfNegatives(scores.softplus())
  }
}
