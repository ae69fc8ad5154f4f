import MINumerics
import MITensor
import _Differentiation

/// Reductions of a score matrix shared by the bounds.
///
/// Two layouts: a square K×K matrix with the positives on the diagonal (all pairs), or a
/// K×(1 + m) matrix with the positive in column 0 and m sampled negatives in the other
/// columns (`JointCritic` with `negatives`). Every bound except the symmetric InfoNCE,
/// α-InfoNCE and the density bounds (CLUB, L1Out, BA) accepts both.
enum Scores {
  /// K, after checking the layout: at least 2 rows and at least one negative per row.
  static func batchSize<Scalar: TensorScalar>(_ scores: Tensor<Scalar>, _ bound: String) -> Int {
    guard scores.rank == 2 else { ContractViolation.trap("\(bound): needs a K×K or K×(1 + m) score matrix, got shape \(scores.shape)") }
    guard scores.shape[0] >= 2, scores.shape[1] >= 2 else {
      ContractViolation.trap("\(bound): needs a batch of at least 2 pairs and one negative per row, got shape \(scores.shape)")
    }
    return scores.shape[0]
  }

  /// K, requiring the square all-pairs layout.
  static func squareBatchSize<Scalar: TensorScalar>(_ scores: Tensor<Scalar>, _ bound: String) -> Int {
    guard scores.rank == 2, scores.shape[0] == scores.shape[1] else {
      ContractViolation.trap("\(bound): needs the square K×K matrix of all pairs, got shape \(scores.shape)")
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
