import MINumerics
import MITensor
import _Differentiation

/// CLUB-S, the sampled CLUB (Cheng et al. 2020): one random negative per row,
/// (1/K) Σᵢ [L[i][i] − L[i][π(i)]] with π a random permutation. An unbiased estimate of
/// CLUB with O(K) log-densities instead of O(K²), and more variance. The permutation comes
/// from `seed` and moves on with `observe(_:)`, so a run reproduces.
public struct CLUBSample<Scalar: TensorScalar>: ScoreBound {
  public var name: String { "club-sample" }
  public var direction: BoundDirection { .upper }
  /// Reads the log-densities of a conditional model.
  public var acceptedLayouts: Set<ScoreLayout> { [.logDensities] }
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
