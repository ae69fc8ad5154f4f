import MIEstimation
import MITensor
import _Differentiation
import MINumerics

/// MINE (Belghazi et al., ICML 2018): the Donsker–Varadhan bound, trained with the
/// moving-average gradient correction.
///
/// The gradient of log E_q[e^f] is E_q[e^f ∇f] / E_q[e^f]; with a batch estimate in the
/// denominator it is biased. MINE replaces the denominator by an exponential moving
/// average m ← (1 − α)m + α·E_q[e^f] over batches, so the objective's gradient is
/// ∇E_p[f] − E_q[e^f ∇f] / m. The reported value is DV's.
/// Call `observe(_:)` after each step to update m (the first batch initializes it).
public struct MINE<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "mine" }
  public var direction: BoundDirection { .lower }
  /// α, the weight of the newest batch in the moving average.
  public var rate: Double
  /// The moving average of E_q[e^f], nil before the first batch.
  public private(set) var movingAverage: Double?

  /// Creates the bound; `rate` is α (0.01 as in the reference implementation).
  public init(rate: Double = 0.01) {
    if !(rate > 0 && rate <= 1) { ContractViolation.trap("MINE: rate must be in (0, 1], got \(rate)") }
    self.rate = rate
  }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    let logMeanExp = Scores.logMeanExpOfNegatives(scores)
    let current = withoutDerivative(at: logMeanExp).scalar
    let denominator = withoutDerivative(at: Scalar(movingAverage ?? Double(Scalar.exp(current))))
    return Scores.meanOfPositives(scores) - logMeanExp.exp() / denominator
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    DonskerVaradhan<Scalar>().value(scores)
  }

  public mutating func observe(_ scores: Tensor<Scalar>) {
    let batchMean = Double(Scalar.exp(Scores.logMeanExpOfNegatives(scores).scalar))
    movingAverage = movingAverage.map { (1 - rate) * $0 + rate * batchMean } ?? batchMean
  }
}

extension NeuralBoundKind {
  /// `mine`: MINE.
  public static let mine = NeuralBoundKind(
    name: "mine",
    summary: "Neural: MINE (Belghazi et al. 2018), DV with the moving-average gradient correction.",
    variance: .exponential
  ) { context throws(EstimationError) in
    try context.train(bound: MINE<Float>())
  }
}
