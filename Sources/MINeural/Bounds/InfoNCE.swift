import Foundation
import MIEstimation
import MITensor
import _Differentiation

/// InfoNCE (Oord et al. 2018; Poole et al. 2019, Eq. 9):
/// I ≥ (1/K) Σᵢ [S[i][i] − log((1/K) Σⱼ e^{S[i][j]})] = log K + mean of the row-wise
/// log-softmax of the diagonal.
///
/// - Bias: never above log K, whatever the critic: it saturates, and underestimates
///   badly when I(X;Y) approaches log K (use a larger batch or another bound there).
/// - Variance: low, which makes it the default for representation learning.
/// - Optimal critic: log p(y|x) + c(y), for any function c.
/// With `symmetric`, the bound averages the row-wise (predict y from x) and column-wise
/// (predict x from y) forms, as CLIP does; both are bounds, so their mean is one.
public struct InfoNCE<Scalar: TensorScalar>: ScoreBound {
  public var name: String { symmetric ? "infonce-symmetric" : "infonce" }
  public var direction: BoundDirection { .lower }
  /// The symmetric form needs the square matrix (it also reads the columns).
  public var acceptedLayouts: Set<ScoreLayout> { symmetric ? [.allPairs] : [.allPairs, .positivesFirst] }
  /// Whether to average the row-wise and column-wise forms.
  public var symmetric: Bool

  /// Creates the bound.
  public init(symmetric: Bool = false) { self.symmetric = symmetric }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: symmetric ? Scores.squareBatchSize(scores, name) : Scores.batchSize(scores, name))
    let positives = Scores.meanOfPositives(scores)
    // log of the candidates per row: K for all pairs, 1 + m with sampled negatives.
    let logK = Scalar.log(Scalar(withoutDerivative(at: Scores.candidates(scores))))
    let rows = positives - scores.logSumExp(alongAxis: 1).mean() + logK
    if !symmetric { return rows }
    let columns = positives - scores.logSumExp(alongAxis: 0).mean() + logK
    return (rows + columns) / 2
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    Double(objective(scores).scalar)
  }

  /// A note when the held-out value is within 0.25 nats of its ceiling log K.
  public func warnings(value: Double, candidates k: Int) -> [EstimationWarning] {
    let ceiling = Double(Float.log(Float(k)))
    guard value > ceiling - 0.25 else { return [] }
    return [.note(String(
      format: "InfoNCE is capped at log K = %.3f nats for K = %d candidates per row, and the estimate is within 0.25 nats of it: the true value may be much higher; use more samples (the test split bounds K), a larger evaluation size, or another bound",
      ceiling, k))]
  }
}

extension NeuralBoundKind {
  /// `infonce`: InfoNCE.
  public static let infonce = NeuralBoundKind(
    name: "infonce",
    summary: "Neural: InfoNCE lower bound (Oord et al. 2018); low variance, capped at log(batch size).",
    variance: .steady
  ) { context throws(EstimationError) in
    try context.train(bound: InfoNCE<Float>())
  }
}
