import MIEstimation
import MITensor
import _Differentiation

/// TUBA, the tractable unnormalized Barber–Agakov bound with a learned baseline (Poole et
/// al. 2019, Eq. 6): I ≥ 1 + E_p[f] − E_{p(y)}[E_{p(x)}[e^f]/a(y) + log a(y)].
///
/// Use it with a `BaselineCritic` in `.subtracted` mode (g = f − log a(y)): on a batch it is then exactly
/// 1 + E_p[g] − E_q[e^g], which this type computes from g's score matrix.
/// - Bias: none for the batch (like NWJ, which is TUBA with a(y) = e); tight at
///   g* = log p(y|x)/p(y).
/// - Variance: NWJ's, reduced by a good baseline.
public struct TUBA<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "tuba" }
  public var direction: BoundDirection { .lower }

  /// Reads the scores of a critic with its learned baseline subtracted.
  public var acceptedLayouts: Set<ScoreLayout> { [.baselinedAllPairs, .baselinedPositivesFirst] }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) + 1 - Scores.logMeanExpOfNegatives(scores).exp()
  }
}

extension NeuralBoundKind {
  /// `tuba`: TUBA.
  public static let tuba = NeuralBoundKind(
    name: "tuba",
    summary: "Neural: TUBA with a learned baseline (Poole et al. 2019); NWJ with less variance.",
    variance: .exponential
  ) { context throws(EstimationError) in
    try context.train(bound: TUBA<Float>(), baseline: .subtracted)
  }
}
