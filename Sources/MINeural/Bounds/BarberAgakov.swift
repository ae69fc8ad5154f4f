import MINumerics
import MIEstimation
import MITensor
import _Differentiation

/// The Barber–Agakov bound (Barber & Agakov, NeurIPS 2003; Poole et al. 2019, Eq. 2):
/// I(X;Y) = H(X) − H(X|Y) ≥ H(X) + E_p[log q(x|y)] for any decoder q(x|y), on the matrix
/// L[i][j] = log q(xⱼ | yᵢ) of a `GaussianConditional` fitted to predict x from y (only its
/// diagonal is used).
///
/// - It needs H(X): exact when the data's entropy is known; the `NeuralEstimator` uses a
///   Kozachenko–Leonenko estimate, and the value inherits that estimate's error.
/// - Bias: the gap is E_y KL(p(x|y) ‖ q(x|y)): a Gaussian decoder is tight for Gaussian
///   conditionals and loose otherwise.
/// - Variance: low (a mean of log-densities).
public struct BarberAgakov<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "ba" }
  public var direction: BoundDirection { .lower }
  /// Reads the log-densities of a conditional model.
  public var acceptedLayouts: Set<ScoreLayout> { [.logDensities] }
  /// H(X) in nats.
  public var entropy: Double
  /// Where H(X) came from, recorded in the estimate.
  public var origin: EntropyOrigin

  /// How H(X) was obtained.
  public enum EntropyOrigin: Sendable, Equatable {
    /// Given by the user (of the data as the bound sees it).
    case given
    /// Estimated from the samples by the estimator `by`; `uncorrected` is its value before
    /// a bias correction, when it made one.
    case estimated(by: String, uncorrected: Double?)
  }

  /// Creates the bound for data whose entropy is `entropy` nats.
  public init(entropy: Double, origin: EntropyOrigin = .given) {
    self.entropy = entropy
    self.origin = origin
  }

  public var parameters: [Parameter] {
    switch origin {
    case .given: return [Parameter("entropy of X (standardized, given)", .real(entropy))]
    case .estimated(_, let uncorrected):
      return [Parameter("entropy of X", .real(entropy))] + (uncorrected.map { [Parameter("entropy of X, uncorrected", .real($0))] } ?? [])
    }
  }

  public func warnings(value: Double, candidates: Int) -> [EstimationWarning] {
    guard case .estimated(let name, let uncorrected) = origin else { return [] }
    let how = uncorrected != nil && name == "kl-gaussian-reference"
      ? "a Kozachenko–Leonenko estimate on the standardized training split with its bias on a Gaussian reference removed"
      : "an estimate (\(name)) on the standardized training split"
    return [.note(
      "ba adds H(X) to the decoder's log-likelihood, here \(how): the value is a lower bound only up to that estimate's error; pass H(X) when you know it")]
  }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    return Scores.meanOfPositives(scores) + Scalar(entropy)
  }
}

extension NeuralBoundKind {
  /// `ba`: BarberAgakov.
  public static let ba = NeuralBoundKind(
    name: "ba",
    summary: "Neural: Barber–Agakov bound H(X) + E log q(x|y), Gaussian decoder, H(X) by Kozachenko–Leonenko.",
    model: .conditionalDensity(predictsX: true)
  ) { context throws(EstimationError) in
    try context.trainDensity(bound: context.barberAgakov(), predictingX: true)
  }
}
