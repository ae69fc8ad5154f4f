import MITensor
import _Differentiation

/// NWJ, the Nguyen–Wainwright–Jordan bound, also f-GAN KL and MINE-f
/// (Nguyen et al. 2010; Poole et al. 2019, Eq. 5): I ≥ E_p[f] − e⁻¹ E_q[e^f].
///
/// - Bias: unbiased for the batch (no log of a mean), tight at f* = 1 + log p(y|x)/p(y).
/// - Variance: high, growing like e^I (the e^f term is dominated by rare large scores);
///   it is the unbiased but noisy end of the bias–variance trade-off.
public struct NWJ<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "nwj" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) - (Scores.logMeanExpOfNegatives(scores) - 1).exp()
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    Double(objective(scores).scalar)
  }
}

/// The Donsker–Varadhan bound (Donsker & Varadhan 1983; Belghazi et al. 2018):
/// I ≥ E_p[f] − log E_q[e^f].
///
/// - Bias: the log of a batch mean makes the batch estimate biased (upward of the bound
///   for small batches); tight at f* = log p(y|x)/p(y) + any constant.
/// - Variance: like NWJ's, growing with I, but invariant to shifts of f.
public struct DonskerVaradhan<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "dv" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) - Scores.logMeanExpOfNegatives(scores)
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    Double(objective(scores).scalar)
  }
}

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
    precondition(rate > 0 && rate <= 1, "MINE: rate must be in (0, 1], got \(rate)")
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

/// Jensen–Shannon training with an NWJ estimate (Hjelm et al. 2019, Deep InfoMax; Poole
/// et al. 2019): the critic maximizes the f-GAN JS objective
/// E_p[−softplus(−f)] − E_q[softplus(f)], whose optimum is f* = log p(y|x)/p(y), and the
/// reported value is NWJ at f + 1, E_p[f] + 1 − E_q[e^f], which is tight there.
///
/// - Bias: the reported value is a valid lower bound for any f (it is NWJ's).
/// - Variance: training is stable (JS saturates instead of exploding), the reported NWJ
///   value keeps NWJ's variance.
public struct JensenShannon<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "js" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.jensenShannon(scores)
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    _ = Scores.batchSize(scores, name)
    return Double(NWJ<Scalar>().objective(scores + 1).scalar)
  }

  /// The JS objective, which the critic is fitted to (not the NWJ value).
  public func validationCriterion(_ scores: Tensor<Scalar>) -> Double { Double(objective(scores).scalar) }
}

/// SMILE (Song & Ermon, ICLR 2020): the critic is trained with the Jensen–Shannon
/// objective, and the estimate is the Donsker–Varadhan bound with the scores on the
/// negatives clipped to [−τ, τ]: E_p[f] − log E_q[e^{clip(f, −τ, τ)}].
///
/// - Bias: clipping trades a bias (the value is no longer a strict bound; it is exact
///   when |f*| ≤ τ on the negatives) for variance.
/// - Variance: bounded by e^{2τ}; τ = 5 is the paper's choice for the MI staircase.
/// With τ = ∞ the value is DV's.
public struct SMILE<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "smile" }
  public var direction: BoundDirection { .lower }
  /// τ, the clipping threshold.
  public var clip: Double

  /// Creates the bound with threshold τ = `clip` > 0.
  public init(clip: Double = 5) {
    precondition(clip > 0, "SMILE: clip must be positive, got \(clip)")
    self.clip = clip
  }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.jensenShannon(scores)
  }

  public func value(_ scores: Tensor<Scalar>) -> Double {
    _ = Scores.batchSize(scores, name)
    let tau = Scalar(clip)
    let clipped = scores.clamped(to: -tau, tau)
    return Double((Scores.meanOfPositives(scores) - Scores.logMeanExpOfNegatives(clipped)).scalar)
  }

  /// The JS objective, which the critic is fitted to (not the clipped DV value).
  public func validationCriterion(_ scores: Tensor<Scalar>) -> Double { Double(objective(scores).scalar) }
}

/// TUBA, the tractable unnormalized Barber–Agakov bound with a learned baseline (Poole et
/// al. 2019, Eq. 6): I ≥ 1 + E_p[f] − E_{p(y)}[E_{p(x)}[e^f]/a(y) + log a(y)].
///
/// Use it with a `BaselineCritic` (g = f − log a(y)): on a batch it is then exactly
/// 1 + E_p[g] − E_q[e^g], which this type computes from g's score matrix.
/// - Bias: none for the batch (like NWJ, which is TUBA with a(y) = e); tight at
///   g* = log p(y|x)/p(y).
/// - Variance: NWJ's, reduced by a good baseline.
public struct TUBA<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "tuba" }
  public var direction: BoundDirection { .lower }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) + 1 - Scores.logMeanExpOfNegatives(scores).exp()
  }
}

/// The Wasserstein dependency measure (Ozair et al., NeurIPS 2019):
/// W(p(x, y), p(x)p(y)) ≥ E_p[f] − E_q[f] for any 1-Lipschitz critic f (Kantorovich–
/// Rubinstein duality); train a spectrally normalized critic on it.
///
/// It is not a bound on the mutual information and is not in nats: it is a transport
/// distance in the units of the (standardized) data, which grows smoothly where MI
/// estimates saturate, the reason it was proposed for representation learning.
/// - Bias: below W for any critic; tight at the optimal 1-Lipschitz critic.
/// - Variance: low (no exponentials).
public struct WassersteinDependency<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "wdm" }
  public var direction: BoundDirection { .lower }

  /// Creates the measure.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.batchSize(scores, name))
    return Scores.meanOfPositives(scores) - Scores.meanOfNegatives(scores)
  }
}
