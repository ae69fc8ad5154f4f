import MINumerics
import MITensor
import _Differentiation

/// CLUB, the contrastive log-ratio upper bound (Cheng et al., ICML 2020), on the matrix
/// L[i][j] = log q(yⱼ | xᵢ) of a conditional model (`GaussianConditional`):
/// I ≤ (1/K) Σᵢ L[i][i] − (1/K²) Σᵢⱼ L[i][j].
///
/// - With the true conditional p(y|x) it is an upper bound; with a variational q fitted by
///   likelihood (vCLUB) it is one whenever q is close enough to p in KL, and it is what
///   the paper uses in practice.
/// - Bias: above I by E_{p(x)p(y)}[log p(y)/p(y|x)]-type slack (for Gaussians with
///   correlation ρ per coordinate: d·ρ²/(1 − ρ²) against I = −(d/2)·log(1 − ρ²)).
/// - Variance: low (no exponentials of scores), which is why it is minimized in
///   disentanglement and fairness objectives.
/// Fit q by minimizing `GaussianConditional.negativeLogLikelihood`, then minimize this.
public struct CLUB<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "club" }
  public var direction: BoundDirection { .upper }
  /// Needs the square matrix.
  public var acceptsSampledNegatives: Bool { false }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    return Scores.meanOfPositives(scores) - scores.mean()
  }
}

/// CLUB-S, the sampled CLUB (Cheng et al. 2020): one random negative per row,
/// (1/K) Σᵢ [L[i][i] − L[i][π(i)]] with π a random permutation. An unbiased estimate of
/// CLUB with O(K) log-densities instead of O(K²), and more variance. The permutation comes
/// from `seed` and moves on with `observe(_:)`, so a run reproduces.
public struct CLUBSample<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "club-sample" }
  public var direction: BoundDirection { .upper }
  /// Needs the square matrix.
  public var acceptsSampledNegatives: Bool { false }
  /// The seed of the next batch's permutation.
  public private(set) var seed: UInt64

  /// Creates the bound.
  public init(seed: UInt64 = 0) { self.seed = seed }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    var generator = SeededGenerator(seed: seed)
    let permutation = generator.permutation(of: k)
    var flags = [Bool](repeating: false, count: k * k)
    for i in 0..<k { flags[i * k + permutation[i]] = true }
    let chosen = scores * Tensor<Scalar>(TensorMask(shape: [k, k], flags: flags))
    return Scores.meanOfPositives(scores) - chosen.sum() / Scalar(k)
  }

  public mutating func observe(_ scores: Tensor<Scalar>) { seed &+= 1 }
}

/// L1Out, the leave-one-out upper bound (Poole et al. 2019, Eq. 13; Cheng et al. 2020):
/// I ≤ (1/K) Σᵢ [log q(yᵢ|xᵢ) − log((1/(K − 1)) Σ_{j≠i} q(yᵢ|xⱼ))], the mixture of the other
/// conditionals standing in for p(yᵢ). An upper bound with the true conditional (in
/// expectation), tighter than CLUB but with the variance of a log-mean-exp.
public struct L1Out<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "l1out" }
  public var direction: BoundDirection { .upper }
  /// Needs the square matrix.
  public var acceptsSampledNegatives: Bool { false }

  /// Creates the bound.
  public init() {}

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    let k = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    // Column i holds log q(yᵢ | x_j) for every j; drop j = i.
    let others = scores.replacing(with: -Scalar.infinity, where: .diagonal(size: k))
    let logMixture = others.logSumExp(alongAxis: 0) - Scalar.log(Scalar(k - 1))
    return Scores.meanOfPositives(scores) - logMixture.mean()
  }
}

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
  /// Needs the square matrix.
  public var acceptsSampledNegatives: Bool { false }
  /// H(X) in nats.
  public var entropy: Double

  /// Creates the bound for data whose entropy is `entropy` nats.
  public init(entropy: Double) { self.entropy = entropy }

  @differentiable(reverse)
  public func objective(_ scores: Tensor<Scalar>) -> Tensor<Scalar> {
    _ = withoutDerivative(at: Scores.squareBatchSize(scores, name))
    return Scores.meanOfPositives(scores) + Scalar(entropy)
  }
}
